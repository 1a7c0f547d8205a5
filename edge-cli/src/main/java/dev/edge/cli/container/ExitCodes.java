package dev.edge.cli.container;

/**
 * The exit codes {@code docker run} uses for its own failures, so scripts can tell them from the
 * container's: 125 the daemon or the flags, 126 the command cannot be invoked, 127 not found.
 */
public final class ExitCodes {
  public static final int DAEMON_ERROR = 125;
  public static final int CANNOT_INVOKE = 126;
  public static final int NOT_FOUND = 127;
  private static final String DAEMON_PREFIX = "Error response from daemon: ";

  private ExitCodes() {}

  /** The exit code for a refused create or start, read from the message as docker does. */
  public static int forStartFailure(String message) {
    String m = message.startsWith(DAEMON_PREFIX) ? message.substring(DAEMON_PREFIX.length())
        : message;
    if (m.contains("executable file not found") || m.contains("no such file or directory")
        || m.contains("system cannot find the file specified")) {
      return NOT_FOUND;
    }
    if (m.contains("permission denied") || m.contains("is a directory")) {
      return CANNOT_INVOKE;
    }
    return DAEMON_ERROR;
  }
}
