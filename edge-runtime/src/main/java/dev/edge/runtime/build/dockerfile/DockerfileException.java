package dev.edge.runtime.build.dockerfile;

/** A Dockerfile that cannot be parsed or planned; the message names the file, line and reason. */
public class DockerfileException extends Exception {
  private static final long serialVersionUID = 1L;
  private final String file;
  private final int line;
  private final String reason;

  /** {@code line} is 1-based; 0 when the fault is not on one line (e.g. an empty file). */
  public DockerfileException(String file, int line, String reason) {
    super(line > 0 ? file + ":" + line + ": " + reason : file + ": " + reason);
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
