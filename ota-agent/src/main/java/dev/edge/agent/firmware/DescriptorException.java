package dev.edge.agent.firmware;

/** A descriptor that cannot be used: the file, the line (0 when unknown) and the reason. */
public final class DescriptorException extends Exception {
  private final String file;
  private final int line;
  private final String reason;

  public DescriptorException(String file, int line, String reason) {
    super(file + (line > 0 ? ":" + line : "") + ": " + reason);
    this.file = file;
    this.line = line;
    this.reason = reason;
  }

  public String file() {
    return file;
  }

  public int line() {
    return line;
  }

  public String reason() {
    return reason;
  }
}
