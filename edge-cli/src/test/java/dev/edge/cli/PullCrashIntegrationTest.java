package dev.edge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edge.runtime.image.MediaTypes;
import dev.edge.runtime.image.Platform;
import dev.edge.runtime.image.fixtures.OciLayout;
import dev.edge.runtime.image.fixtures.TarBuilder;
import dev.edge.runtime.image.fixtures.TestImages;
import dev.edge.runtime.registry.LocalRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A daemon killed with SIGKILL in the middle of a pull leaves no half image, and after a
 * restart the next pull resumes the unfinished layer from where it stopped (HTTP Range) and
 * does not fetch the finished one again.
 */
class PullCrashIntegrationTest {
  /** Slow enough that a 12 MB layer takes seconds, so the kill lands in the middle of it. */
  private static final long RATE = 3 * 1024 * 1024;

  private Path dir;
  private LocalRegistry registry;
  private ThrottlingProxy proxy;
  private Process daemon;

  @AfterEach
  void cleanUp() throws Exception {
    EdgeProcess.stop(daemon);
    if (proxy != null) {
      proxy.close();
    }
    if (registry != null) {
      registry.close();
    }
    EdgeProcess.deleteTree(dir);
  }

  @Test
  void aPullKilledMidwayResumesAfterRestartWithoutRefetchingFinishedLayers() throws Exception {
    dir = Files.createTempDirectory("edge-pull-crash");
    registry = LocalRegistry.start(LocalRegistry.Mode.PLAIN);
    byte[] noise = new byte[12 * 1024 * 1024];
    new Random(42).nextBytes(noise); // incompressible: the gzip layer stays ~12 MB
    OciLayout layout = new OciLayout(dir.resolve("layout"));
    layout.tag("big", layout.image(new Platform("linux", "amd64", ""), List.of(
        OciLayout.Layer.of(TestImages.busyboxTar(Files.readAllBytes(TestImages.HOST_BUSYBOX)),
            MediaTypes.Compression.GZIP),
        OciLayout.Layer.of(new TarBuilder().file("data/noise.bin", noise, 0644).build(),
            MediaTypes.Compression.GZIP)), TestImages.shell(), MediaTypes.OCI_MANIFEST));
    TestImages.skopeoPush(layout.dir(), "big", registry.host() + "/big:1", false);
    String[] hostPort = registry.host().split(":");
    proxy = new ThrottlingProxy(hostPort[0], Integer.parseInt(hostPort[1]), RATE);
    String image = proxy.host() + "/big:1";
    Path root = dir.resolve("root");
    String host = "unix://" + dir.resolve("edge.sock");

    daemon = EdgeProcess.startDaemon(root, host, dir.resolve("daemon-1.log"));
    Process pull = new ProcessBuilder(EdgeProcess.EDGE.toString(), "-H", host, "pull", image)
        .redirectErrorStream(true).redirectOutput(dir.resolve("pull-1.log").toFile()).start();
    Path ingests = root.resolve("content/ingest");
    long deadline = System.currentTimeMillis() + 30_000;
    Path pullLog = dir.resolve("pull-1.log");
    // Kill once the small layer is committed and the big one is well under way.
    while (partialBytes(ingests) < 2 * 1024 * 1024
        || !Files.readString(pullLog).contains("Pull complete")) {
      assertTrue(System.currentTimeMillis() < deadline, "the pull never got that far:\n"
          + Files.readString(pullLog));
      Thread.sleep(50);
    }
    daemon.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL mid-layer
    pull.waitFor(10, TimeUnit.SECONDS);
    assertTrue(pull.exitValue() != 0, "the interrupted pull must fail");
    long kept = partialBytes(ingests);
    assertTrue(kept > 0, "the partial download is kept for resume");

    daemon = EdgeProcess.startDaemon(root, host, dir.resolve("daemon-2.log"));
    EdgeProcess.Result images = EdgeProcess.edge("-H", host, "images", "-q");
    assertEquals("", images.out().strip(), "no half image after the crash");
    EdgeProcess.Result second = EdgeProcess.edge("-H", host, "pull", image);
    assertEquals(0, second.exit(), second.out() + second.err());
    assertTrue(second.out().contains("Already exists"), "finished layer refetched:\n"
        + second.out() + second.err() + Files.readString(dir.resolve("daemon-2.log"))
        + Files.readString(dir.resolve("pull-1.log")));
    assertTrue(proxy.rangeStarts().stream().anyMatch(start -> start > 0),
        "the unfinished layer did not resume with Range: " + proxy.rangeStarts());
    assertFalse(EdgeProcess.edge("-H", host, "images", "-q").out().isBlank());
  }

  private static long partialBytes(Path ingests) throws Exception {
    if (!Files.isDirectory(ingests)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(ingests)) {
      return files.filter(Files::isRegularFile).filter(p -> p.getFileName().toString()
          .equals("data")).mapToLong(p -> p.toFile().length()).max().orElse(0);
    }
  }
}
