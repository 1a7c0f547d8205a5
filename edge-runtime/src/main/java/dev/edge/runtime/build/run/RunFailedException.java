package dev.edge.runtime.build.run;

import java.util.List;

/** A RUN that exited non-zero: the command, its exit code and its last lines of output. */
public class RunFailedException extends Exception {
  private static final long serialVersionUID = 1L;
  private final int exitCode;

  public RunFailedException(String command, int exitCode, List<String> lastLines) {
    super("The command '" + command + "' returned a non-zero code: " + exitCode
        + (lastLines.isEmpty() ? "" : "; last output:\n  " + String.join("\n  ", lastLines)));
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
