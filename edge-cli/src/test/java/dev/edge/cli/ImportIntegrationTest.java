package dev.edge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edge.runtime.image.fixtures.TarBuilder;
import dev.edge.runtime.image.fixtures.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code docker import} and {@code edge import} of a busybox root file system tar against a
 * daemon started through bin/edge, then containers run from the result; bad bodies get a clear
 * error and the daemon keeps serving. The host keeps nothing of the suite afterwards.
 */
class ImportIntegrationTest {
  private static Path dir;
  private static Process daemon;
  private static String host;
  private static String docker;
  private static String bridge;
  private static Path plainTar;
  private static Path gzipTar;

  @BeforeAll
  static void start() throws Exception {
    docker = EdgeProcess.dockerCli().orElseThrow(() -> new AssertionError(
        "no docker CLI on PATH: scripts/install-deps --test installs docker.io"));
    dir = Files.createTempDirectory("edge-import");
    byte[] tar = TestImages.busyboxTar(Files.readAllBytes(TestImages.HOST_BUSYBOX));
    plainTar = Files.write(dir.resolve("busybox-rootfs.tar"), tar);
    gzipTar = Files.write(dir.resolve("busybox-rootfs.tar.gz"), TarBuilder.gzip(tar));
    int slot = (int) (ProcessHandle.current().pid() % 250);
    bridge = "edgeim" + slot;
    host = "unix://" + dir.resolve("edge.sock");
    daemon = EdgeProcess.startDaemon(dir.resolve("root"), host, dir.resolve("daemon.log"),
        "--bridge", bridge, "--bip", "10.196." + slot + ".0/24");
  }

  @AfterAll
  static void stopAndCheckTheHostIsClean() throws Exception {
    try {
      if (daemon != null) {
        for (String id : docker("ps", "-aq", "--no-trunc").out().strip().split("\n")) {
          if (!id.isBlank()) {
            docker("rm", "-f", id);
          }
        }
        EdgeProcess.stop(daemon);
        assertEquals(List.of(), HostScrub.leaks(dir, bridge), "the host keeps nothing");
      }
    } finally {
      HostScrub.scrub(dir, bridge);
      EdgeProcess.deleteTree(dir);
    }
  }

  private static EdgeProcess.Result docker(String... args) throws Exception {
    String[] all = new String[args.length + 3];
    all[0] = docker;
    all[1] = "-H";
    all[2] = host;
    System.arraycopy(args, 0, all, 3, args.length);
    return EdgeProcess.run(all);
  }

  private static EdgeProcess.Result edge(String... args) throws Exception {
    return EdgeProcess.edgeWithEnv("EDGE_HOST", host, args);
  }

  @Test
  void dockerImportMakesAnImageThatRuns() throws Exception {
    EdgeProcess.Result imported = docker("import", "--change", "CMD [\"sh\"]", "--message",
        "busybox from a tar", gzipTar.toString(), "bb-docker:1");
    assertEquals(0, imported.exit(), imported.err());
    assertTrue(imported.out().strip().matches("sha256:[0-9a-f]{64}"), imported.out());

    EdgeProcess.Result run = docker("run", "--rm", "--network", "none", "bb-docker:1", "echo",
        "imported");
    assertEquals(0, run.exit(), run.err());
    assertEquals("imported\n", run.out());
    EdgeProcess.Result cmd = docker("image", "inspect", "--format", "{{json .Config.Cmd}}",
        "bb-docker:1");
    assertEquals("[\"sh\"]", cmd.out().strip(), cmd.err());
  }

  @Test
  void edgeImportFromStdinTakesChangesAndGivesReproducibleIds() throws Exception {
    EdgeProcess.Result piped = EdgeProcess.run(Map.of("EDGE_HOST", host), "sh", "-c",
        "cat \"$1\" | \"$2\" import --source-date-epoch 1700000000 -c 'ENV GREETING=hello'"
            + " -c 'WORKDIR /tmp' - bb-edge:1", "sh", gzipTar.toString(),
        EdgeProcess.EDGE.toString());
    assertEquals(0, piped.exit(), piped.err());
    String id = piped.out().strip();
    assertTrue(id.matches("sha256:[0-9a-f]{64}"), piped.out());

    EdgeProcess.Result run = edge("run", "--rm", "--network", "none", "bb-edge:1", "sh", "-c",
        "echo $GREETING in $(pwd)");
    assertEquals(0, run.exit(), run.err());
    assertEquals("hello in /tmp\n", run.out());

    EdgeProcess.Result again = edge("import", "--source-date-epoch", "1700000000", "-c",
        "ENV GREETING=hello", "-c", "WORKDIR /tmp", plainTar.toString(), "bb-edge:plain");
    assertEquals(0, again.exit(), again.err());
    assertEquals(id, again.out().strip(),
        "the same files and epoch give the same image, whatever the body's compression");
    EdgeProcess.Result other = edge("import", "--source-date-epoch", "1700000001",
        plainTar.toString());
    assertEquals(0, other.exit(), other.err());
    assertNotEquals(id, other.out().strip());
  }

  @Test
  void badBodiesGetAClearErrorAndTheDaemonKeepsServing() throws Exception {
    Path text = Files.writeString(dir.resolve("not-a-tar.txt"), "hello, this is no tar\n");
    Path empty = Files.write(dir.resolve("empty.tar"), new byte[0]);
    byte[] gz = Files.readAllBytes(gzipTar);
    Path cut = Files.write(dir.resolve("cut.tar.gz"), java.util.Arrays.copyOf(gz,
        gz.length / 2));
    for (Path bad : List.of(text, empty, cut)) {
      EdgeProcess.Result byDocker = docker("import", bad.toString(), "bad:docker");
      assertNotEquals(0, byDocker.exit(), bad + ": " + byDocker.out());
      assertTrue(byDocker.err().contains("Error response from daemon"), byDocker.err());
      EdgeProcess.Result byEdge = edge("import", bad.toString(), "bad:edge");
      assertNotEquals(0, byEdge.exit(), bad + ": " + byEdge.out());
      assertTrue(byEdge.err().contains("Error response from daemon"), byEdge.err());
      String reason = byEdge.err();
      assertTrue(reason.contains("empty") || reason.contains("not a tar")
          || reason.contains("not a readable"), reason);
    }
    EdgeProcess.Result url = docker("import", "http://127.0.0.1:1/rootfs.tar", "bad:url");
    assertNotEquals(0, url.exit());
    assertTrue(url.err().contains("not supported"), url.err());
    EdgeProcess.Result change = edge("import", "-c", "RUN true", plainTar.toString());
    assertNotEquals(0, change.exit());
    assertTrue(change.err().contains("RUN is not a valid change command"), change.err());

    assertEquals(0, docker("version").exit(), "the daemon still answers");
    assertFalse(docker("images").out().contains("bad"), "nothing was tagged");
    try (var left = Files.list(dir.resolve("root/build/import"))) {
      assertEquals(0, left.count(), "no unpacked body is left behind");
    }
    EdgeProcess.Result good = edge("import", gzipTar.toString(), "after-bad:1");
    assertEquals(0, good.exit(), good.err());
  }
}
