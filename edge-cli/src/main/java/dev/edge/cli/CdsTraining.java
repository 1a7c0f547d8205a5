package dev.edge.cli;

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
 * Runs at package time under {@code -XX:ArchiveClassesAtExit}: a daemon start and the common CLI
 * calls, so the AppCDS archive holds the classes both need and start-up stays near 0.2 s.
 */
public final class CdsTraining {
  private CdsTraining() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("edge-cds");
    Path socket = dir.resolve("edge.sock");
    System.setProperty("org.eclipse.jetty.util.referencesPerCacheLine", "16");
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
    System.exit(0);
  }
}
