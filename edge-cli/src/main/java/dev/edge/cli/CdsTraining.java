package dev.edge.cli;

import dev.edge.cli.daemon.DaemonTraining;
import dev.edge.runtime.api.HostAddress;
import dev.edge.runtime.daemon.Daemon;
import dev.edge.runtime.daemon.DaemonConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Runs at package time (bin/edge with EDGE_CDS_DUMP) to record the classes for two AppCDS
 * archives:
 *
 * <ul>
 *   <li>{@code cli}: a daemon start and the common CLI calls, so start-up stays near 0.2 s;
 *   <li>{@code daemon}: what the daemon's own JVM ({@link dev.edge.cli.daemon.DaemonMain}) loads to start and serve
 *       its idle endpoints, and nothing else: the whole archive stays resident in the daemon, so
 *       every class in it costs memory there (images, pulls and builds load theirs when used).
 * </ul>
 */
public final class CdsTraining {
  private CdsTraining() {}

  public static void main(String[] args) throws Exception {
    Main.prepareJvm();
    try {
      if (args.length == 2 && args[0].equals("daemon")) {
        DaemonTraining.run(Path.of(args[1])); // bin/edge removes that directory afterwards
      } else {
        cli();
      }
    } catch (Exception e) {
      // exit rather than return: the daemon's non-daemon threads would keep the JVM (and the build) waiting
      e.printStackTrace();
      System.exit(1);
    }
    System.exit(0);
  }

  private static void cli() throws Exception {
    Path dir = Files.createTempDirectory("edge-cds");
    Path socket = dir.resolve("edge.sock");
    PrintStream realOut = System.out;
    try (Daemon daemon = new Daemon(new DaemonConfig(dir.resolve("root"),
        List.of(HostAddress.parse("unix://" + socket)), Optional.empty(), List.of()))) {
      daemon.start();
      System.setOut(new PrintStream(new ByteArrayOutputStream()));
      String host = "unix://" + socket;
      for (String[] call : List.of(
          new String[] {"--version"},
          new String[] {"--help"},
          new String[] {"daemon", "--help"},
          new String[] {"-H", host, "version"},
          new String[] {"-H", host, "info"},
          new String[] {"-H", host, "info", "--format", "json"},
          new String[] {"-H", host, "events", "--since", "0", "--until", "1"})) {
        Main.run(call);
      }
    } finally {
      System.setOut(realOut);
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
