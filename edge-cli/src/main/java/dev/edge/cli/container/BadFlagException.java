package dev.edge.cli.container;

import dev.edge.cli.UserException;

/**
 * A flag value the docker CLI would refuse before calling the daemon: the message names the
 * flag and the value, the exit code is 125, and nothing is sent.
 */
public final class BadFlagException extends UserException {
  public BadFlagException(String flag, String value, String reason) {
    super("invalid argument \"" + value + "\" for \"" + flag + "\" flag: " + reason,
        ExitCodes.DAEMON_ERROR);
  }

  /** Flags that are each valid but conflict, e.g. {@code --rm} with {@code --restart always}. */
  public BadFlagException(String message) {
    super(message, ExitCodes.DAEMON_ERROR);
  }
}
