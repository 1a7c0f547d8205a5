package dev.edge.cli.container;

import dev.edge.cli.client.DaemonException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Docker's way with several containers (stop, kill, rm, wait, start): each one in turn, its line
 * on stdout when it worked, the daemon's error on stderr when not, and exit 1 if any failed.
 */
final class PerContainer {
  /** One container's operation; returns the line to print for it. */
  interface Operation {
    String apply(String container);
  }

  private PerContainer() {}

  /** Exit code 0 when every container's operation worked, else 1. */
  static int forEach(List<String> containers, PrintWriter out, PrintWriter err, Operation op) {
    return failed(containers, out, err, op).isEmpty() ? 0 : 1;
  }

  /** The containers whose operation failed, each error already printed. */
  static List<String> failed(List<String> containers, PrintWriter out, PrintWriter err,
      Operation op) {
    List<String> failures = new ArrayList<>();
    for (String container : containers) {
      try {
        out.println(op.apply(container));
        out.flush();
      } catch (DaemonException e) {
        err.println(e.getMessage());
        err.flush();
        failures.add(container);
      }
    }
    return failures;
  }
}
