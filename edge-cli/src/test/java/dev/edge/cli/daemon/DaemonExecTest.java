package dev.edge.cli.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonExecTest {
  @TempDir Path dir;

  private static final List<String> CLI = List.of("java", "-XX:+UseSerialGC",
      "-XX:SharedArchiveFile=/opt/edge/lib/edge.jsa", "-Dedge.daemon.archive=/opt/edge/lib/edge-daemon.jsa",
      "-cp", "/opt/edge/lib/a.jar:/opt/edge/lib/b.jar", "dev.edge.cli.Main", "daemon", "--root", "/r");

  @Test
  void keepsTheJvmOptionsAndSwapsInTheDaemonsArchive() throws Exception {
    Path archive = Files.writeString(dir.resolve("edge-daemon.jsa"), "x");
    assertEquals(List.of("java", "-XX:+UseSerialGC", "-XX:SharedArchiveFile=" + archive,
            "-Dedge.daemon.archive=/opt/edge/lib/edge-daemon.jsa", "-cp",
            "/opt/edge/lib/a.jar:/opt/edge/lib/b.jar", "dev.edge.cli.daemon.DaemonMain", "--root=/r",
            "--log-level=info"),
        DaemonExec.command(CLI, archive.toString(), List.of("--root=/r", "--log-level=info")));
  }

  @Test
  void withoutTheDaemonsArchiveTheClisIsKept() {
    List<String> argv = DaemonExec.command(CLI, dir.resolve("missing.jsa").toString(), List.of("--root=/r"));
    assertEquals("-XX:SharedArchiveFile=/opt/edge/lib/edge.jsa", argv.get(2));
    assertEquals("dev.edge.cli.daemon.DaemonMain", argv.get(6));
  }

  @Test
  void aJvmNotStartedByTheLauncherIsNotReExeced() {
    assertThrows(IllegalStateException.class,
        () -> DaemonExec.command(List.of("java", "-jar", "x.jar"), null, List.of()));
  }
}
