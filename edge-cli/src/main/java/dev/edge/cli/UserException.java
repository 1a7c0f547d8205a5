package dev.edge.cli;

/** A failure whose message is complete for the user, with the exit code to leave with. */
public class UserException extends RuntimeException {
  private final int exitCode;

  public UserException(String message) {
    this(message, 1);
  }

  public UserException(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
