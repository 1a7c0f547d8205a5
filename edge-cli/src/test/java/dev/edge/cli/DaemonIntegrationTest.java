package dev.edge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edge.runtime.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real daemon, started through bin/edge as a user would, driven by bin/edge and by the real
 * docker CLI as an independent client.
 */
class DaemonIntegrationTest {
  private static Path dir;
  private static Path socket;
  private static String host;
  private static Process daemon;

  @BeforeAll
  static void startDaemon() throws Exception {
    dir = Files.createTempDirectory("edge-it");
    socket = dir.resolve("run/edge.sock");
    host = "unix://" + socket;
    daemon = EdgeProcess.startDaemon(dir.resolve("root"), host, dir.resolve("daemon.log"));
  }

  @AfterAll
  static void stopDaemon() throws Exception {
    EdgeProcess.stop(daemon);
    EdgeProcess.deleteTree(dir);
  }

  @Test
  void edgeVersionShowsClientAndDaemon() throws Exception {
    EdgeProcess.Result r = EdgeProcess.edge("-H", host, "version");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("Server:"), r.out());
    assertTrue(r.out().contains("API version:      1.44 (minimum version 1.24)"), r.out());
  }

  @Test
  void edgeInfoReportsThisDaemonsRootAndTheMachine() throws Exception {
    EdgeProcess.Result r = EdgeProcess.edge("-H", host, "info", "--format", "json");
    assertEquals(0, r.exit(), r.err());
    JsonNode info = Json.mapper().readTree(r.out());
    assertEquals(dir.resolve("root").toString(), info.get("DockerRootDir").asText());
    assertEquals(Runtime.getRuntime().availableProcessors(), info.get("NCPU").asInt());
    EdgeProcess.Result table = EdgeProcess.edge("-H", host, "system", "info");
    assertTrue(table.out().contains("Edge Root Dir: " + dir.resolve("root")), table.out());
  }

  @Test
  void envEdgeHostSelectsTheDaemon() throws Exception {
    EdgeProcess.Result r = EdgeProcess.edgeWithEnv("EDGE_HOST", host, "info", "--format",
        "{{.DockerRootDir}}");
    assertEquals(0, r.exit(), r.err());
    assertEquals(dir.resolve("root").toString(), r.out().strip());
  }

  @Test
  void everyDockerCliOnTheMachineWorksAgainstTheDaemon() throws Exception {
    java.util.List<String> clis = EdgeProcess.dockerClis();
    if (clis.isEmpty()) {
      fail("no docker CLI on PATH: .ci/run installs docker.io");
    }
    for (String docker : clis) {
      EdgeProcess.Result version = EdgeProcess.run(docker, "-H", host, "version", "--format",
          "{{.Server.Version}} {{.Server.APIVersion}} {{.Server.Os}}");
      assertEquals(0, version.exit(), docker + ": " + version.err());
      assertEquals("0.1.0 1.44 linux", version.out().strip(), docker);
      EdgeProcess.Result info = EdgeProcess.run(docker, "-H", host, "info", "--format",
          "{{.DockerRootDir}}|{{.NCPU}}|{{.KernelVersion}}|{{.OperatingSystem}}");
      assertEquals(0, info.exit(), docker + ": " + info.err());
      String kernel = Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
      assertTrue(info.out().startsWith(dir.resolve("root") + "|"
          + Runtime.getRuntime().availableProcessors() + "|" + kernel + "|"), info.out());
      EdgeProcess.Result plain = EdgeProcess.run(docker, "-H", host, "info");
      assertEquals(0, plain.exit(), docker + ": " + plain.err());
      assertTrue(plain.out().contains("Server Version: 0.1.0"), plain.out());
    }
  }

  @Test
  void aSecondDaemonOnTheSameRootIsRefusedClearly() throws Exception {
    EdgeProcess.Result r = EdgeProcess.edge("daemon", "--root", dir.resolve("root").toString(),
        "--host", "unix://" + dir.resolve("second.sock"));
    assertEquals(1, r.exit());
    assertTrue(r.err().contains("another edge daemon (pid " + daemon.pid() + ")"), r.err());
    assertFalse(Files.exists(dir.resolve("second.sock")));
  }

  @Test
  void socketsInMissingOrUnwritableDirectoriesAreClearErrors() throws Exception {
    EdgeProcess.Result missing = EdgeProcess.edge("daemon", "--root",
        dir.resolve("root-b").toString(), "--host", "unix:///proc/edge-nope/edge.sock");
    assertEquals(1, missing.exit());
    assertTrue(missing.err().contains("cannot create directory /proc/edge-nope"), missing.err());
    EdgeProcess.Result unwritable = EdgeProcess.edge("daemon", "--root",
        dir.resolve("root-c").toString(), "--host", "unix:///proc/edge.sock");
    assertEquals(1, unwritable.exit());
    assertTrue(unwritable.err().contains("unix:///proc/edge.sock"), unwritable.err());
  }

  @Test
  void nonLoopbackTcpIsRefused() throws Exception {
    EdgeProcess.Result r = EdgeProcess.edge("daemon", "--root", dir.resolve("root-d").toString(),
        "--host", "tcp://0.0.0.0:23999");
    assertEquals(1, r.exit());
    assertTrue(r.err().contains("without TLS"), r.err());
  }

  @Test
  void eventsShowTheDaemonStart() throws Exception {
    long until = System.currentTimeMillis() / 1000 + 1;
    EdgeProcess.Result r = EdgeProcess.edge("-H", host, "events", "--since", "1", "--until",
        String.valueOf(until), "--filter", "type=daemon");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains(" daemon start "), r.out());
  }

  /**
   * The PID that was started (systemd's main PID) is the daemon, which runs in a JVM of its own:
   * no CLI on its command line, its own archive, and no descriptor left over from the JVM that
   * parsed its flags.
   */
  @Test
  void theDaemonExecsIntoItsOwnJvmUnderTheStartedPid() throws Exception {
    String cmdline = Files.readString(Path.of("/proc/" + daemon.pid() + "/cmdline")).replace('\0', ' ');
    assertTrue(cmdline.contains("dev.edge.cli.daemon.DaemonMain --root=" + dir.resolve("root")), cmdline);
    assertTrue(cmdline.contains("-XX:SharedArchiveFile=") && cmdline.contains("edge-daemon.jsa"), cmdline);
    assertFalse(cmdline.contains("dev.edge.cli.Main "), cmdline);
    java.util.Map<String, Integer> opened = new java.util.HashMap<>();
    try (var fds = Files.list(Path.of("/proc/" + daemon.pid() + "/fd"))) {
      for (Path fd : (Iterable<Path>) fds::iterator) {
        try {
          opened.merge(Files.readSymbolicLink(fd).toString(), 1, Integer::sum);
        } catch (java.io.IOException gone) {
          // closed while listed
        }
      }
    }
    opened.forEach((file, count) -> assertTrue(!file.endsWith(".jar") || count == 1,
        file + " is open " + count + " times: " + opened));
  }

  @Test
  void theSnapshotterIsProbedBeforeTheExecSoTheDaemonsJvmNeverLoadsJna() throws Exception {
    Path log = dir.resolve("probe.log");
    Process p = EdgeProcess.startDaemon(dir.resolve("root-probe"), "unix://" + dir.resolve("probe.sock"), log);
    try {
      String cmdline = Files.readString(Path.of("/proc/" + p.pid() + "/cmdline")).replace('\0', ' ');
      assertTrue(cmdline.matches(".* --storage-driver=(overlayfs|native)( .*|$)"), cmdline);
      assertTrue(Files.readString(log).contains("snapshotter: "), Files.readString(log));
      String maps = Files.readString(Path.of("/proc/" + p.pid() + "/maps"));
      assertFalse(maps.contains("jna"), "JNA's native library is mapped in the daemon's JVM");
    } finally {
      EdgeProcess.stop(p);
    }
  }

  @Test
  void anUnknownStorageDriverIsRefusedByName() throws Exception {
    EdgeProcess.Result r = EdgeProcess.edge("daemon", "--root", dir.resolve("root-s").toString(),
        "--host", "unix://" + dir.resolve("s.sock"), "--storage-driver", "aufs");
    assertEquals(1, r.exit(), r.err());
    assertTrue(r.err().contains("--storage-driver aufs: use overlayfs or native"), r.err());
  }

  @Test
  void sigtermShutsDownCleanlyAndRemovesTheSocket() throws Exception {
    Path root = dir.resolve("root-term");
    String termHost = "unix://" + dir.resolve("term.sock");
    Process p = EdgeProcess.startDaemon(root, termHost, dir.resolve("term.log"));
    p.destroy(); // SIGTERM
    assertTrue(p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS), "daemon ignored SIGTERM");
    assertEquals(143, p.exitValue());
    assertFalse(Files.exists(dir.resolve("term.sock")), Files.readString(dir.resolve("term.log")));
    assertTrue(Files.readString(dir.resolve("term.log")).contains("stopping"));
    // the root is free again
    Process again = EdgeProcess.startDaemon(root, termHost, dir.resolve("term2.log"));
    EdgeProcess.stop(again);
  }
}
