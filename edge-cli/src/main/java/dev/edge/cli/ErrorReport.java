package dev.edge.cli;

import dev.edge.cli.client.DaemonException;
import java.io.PrintWriter;

/** How a failed command tells the user: one line that says what went wrong, and an exit code. */
public final class ErrorReport {
  private ErrorReport() {}

  /** Prints {@code e} to {@code err} (its stack trace only when EDGE_DEBUG is set); returns the exit code. */
  public static int print(Exception e, PrintWriter err) {
    if (System.getenv("EDGE_DEBUG") != null) {
      e.printStackTrace(err);
    }
    String message = e instanceof DaemonException || e instanceof IllegalArgumentException
        || e instanceof UserException
        ? e.getMessage()
        : e.getClass().getSimpleName() + ": " + e.getMessage();
    err.println(message);
    err.flush();
    return e instanceof UserException u ? u.exitCode() : 1;
  }
}
