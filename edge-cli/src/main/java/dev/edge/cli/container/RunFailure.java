package dev.edge.cli.container;

import dev.edge.cli.UserException;

/** How {@code docker run} and {@code docker create} report their own failures on stderr. */
final class RunFailure {
  private RunFailure() {}

  /** "edge: MESSAGE." and, for mistakes in the command line, where to find its help. */
  static UserException of(String command, String message, int exitCode, boolean withHelp) {
    String text = "edge: " + (message.endsWith(".") ? message : message + ".");
    if (withHelp) {
      text += "\nSee 'edge " + command + " --help'.";
    }
    return new UserException(text, exitCode);
  }
}
