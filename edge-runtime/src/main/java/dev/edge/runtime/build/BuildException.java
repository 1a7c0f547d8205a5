package dev.edge.runtime.build;

/** A build that cannot go on, with a message for the user that names the step and the cause. */
public class BuildException extends Exception {
  private static final long serialVersionUID = 1L;
  private final int code;

  public BuildException(String message) {
    this(message, 1);
  }

  /** @param code the failed RUN's exit code, as Docker puts it in {@code errorDetail.code} */
  public BuildException(String message, int code) {
    super(message);
    this.code = code;
  }

  public int code() {
    return code;
  }
}
