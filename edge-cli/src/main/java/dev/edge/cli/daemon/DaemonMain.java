package dev.edge.cli.daemon;

import dev.edge.cli.ErrorReport;
import dev.edge.cli.Main;
import java.io.PrintWriter;
import java.util.List;

/**
 * The daemon's own JVM, which {@code edge daemon} execs once picocli has checked its flags
 * ({@link DaemonExec}). It runs the same {@link DaemonCommand#run} with none of the CLI loaded.
 */
public final class DaemonMain {
  private DaemonMain() {}

  public static void main(String[] args) {
    Main.prepareJvm();
    int code;
    try {
      code = DaemonArgs.parse(List.of(args)).run();
    } catch (Exception e) {
      code = ErrorReport.print(e, new PrintWriter(System.err, true));
    }
    System.exit(code);
  }
}
