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
 * Runs at package time under {@code -XX:ArchiveClassesAtExit}: a daemon start, the common CLI
 * calls and a pull from a loopback registry, so the AppCDS archive holds the classes they need:
 * start-up stays near 0.2 s and a fresh daemon's first pull starts without loading ~2,000 more.
 */
public final class CdsTraining {
  private CdsTraining() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("edge-cds");
    Path socket = dir.resolve("edge.sock");
    System.setProperty("org.eclipse.jetty.util.referencesPerCacheLine", "16");
    PrintStream realOut = System.out;
    // Listed as insecure: the JDK's server never answers a TLS hello, so the loopback TLS probe
    // would wait for its time-out.
    try (TrainingRegistry registry = new TrainingRegistry();
        Daemon daemon = new Daemon(new DaemonConfig(dir.resolve("root"),
            List.of(HostAddress.parse("unix://" + socket)), Optional.empty(),
            List.of(registry.host())))) {
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
          new String[] {"-H", host, "events", "--since", "0", "--until", "1"},
          new String[] {"-H", host, "images"})) {
        Main.run(call);
      }
      trainPull(host, registry);
    } finally {
      System.setOut(realOut);
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    System.exit(0);
  }

  /** A real pull from a loopback registry; best effort: without it the archive is only smaller. */
  private static void trainPull(String host, TrainingRegistry registry) {
    try {
      for (String[] call : List.of(
          new String[] {"-H", host, "pull", registry.reference()},
          new String[] {"-H", host, "rmi", registry.reference()})) {
        int exit = Main.run(call);
        if (exit != 0) {
          System.err.println("edge: AppCDS training: edge " + String.join(" ", call)
              + " exited with " + exit + "; the archive will lack the pull's classes");
          return;
        }
      }
    } catch (RuntimeException e) {
      System.err.println("edge: AppCDS training pull skipped: " + e);
    }
  }
}
