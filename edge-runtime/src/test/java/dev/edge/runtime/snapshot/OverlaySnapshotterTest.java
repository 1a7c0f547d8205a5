package dev.edge.runtime.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.edge.runtime.image.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The overlay snapshotter, its views checked through a real overlayfs mount made by mount(8), so
 * the whiteout form is proven by the kernel rather than by our own reading of it.
 */
class OverlaySnapshotterTest extends SnapshotterContract {
  @Override
  protected Snapshotter create(Path root) throws IOException {
    return new OverlaySnapshotter(root.resolve("snapshots"));
  }

  @Override
  protected TreeMap<String, String> view(Snapshotter snapshotter, List<Digest> chain)
      throws IOException {
    Mount mount = snapshotter.mounts(chain).get(0);
    Path target = Files.createDirectories(root.resolve("mnt-" + System.nanoTime()));
    String failure = run("mount", "-t", mount.type(), "-o", mount.optionString(),
        mount.source(), target.toString());
    assumeTrue(failure == null, "the kernel refused the overlay mount, so the whiteout form"
        + " cannot be checked here: " + failure);
    try {
      return describe(target);
    } finally {
      String unmounted = run("umount", target.toString());
      assertEquals(null, unmounted, "umount " + target);
      Files.delete(target);
    }
  }

  /** What a marker looks like after the machine rebooted: another kernel boot id. */
  static void pretendEarlierBoot(Path marker) throws IOException {
    String text = Files.readString(marker);
    Files.writeString(marker, text.replaceAll("(?m)^boot=.*$", "boot=an-earlier-boot"));
  }

  @Test
  void markersOfAnEarlierBootAreReportedWithTheirBlobs() throws Exception {
    Snapshotter snapshotter = create(root);
    Digest lost = Digest.sha256("lost".getBytes());
    snapshotter.commitDeferred(snapshotter.prepare("extract-l", null), lost, source("l"));
    Digest neverVisible = Digest.sha256("never".getBytes());
    snapshotter.commitDeferred(snapshotter.prepare("extract-n", null), neverVisible,
        source("n"));
    Files.delete(snapshotter.path(neverVisible).orElseThrow()); // as if cut before the rename
    pretendEarlierBoot(marker(root, snapshotter, lost));

    Snapshotter restarted = create(root);
    List<UnsyncedSnapshots.Marker> earlier = restarted.unsyncedFromEarlierBoots();
    assertEquals(1, earlier.size());
    assertEquals(lost, earlier.get(0).chainId());
    assertEquals(source("l"), earlier.get(0).source());
    assertFalse(Files.exists(marker(root, restarted, neverVisible)),
        "this boot's marker of a snapshot that never became visible is dropped");
  }

  @Test
  void replacePutsTheRestoredLayerInPlaceAndRemoveClearsMarkers() throws Exception {
    Snapshotter snapshotter = create(root);
    Digest chainId = Digest.sha256("suspect".getBytes());
    Active first = snapshotter.prepare("extract-s", null);
    Files.writeString(first.dir().resolve("f"), "half");
    snapshotter.commitDeferred(first, chainId, source("s"));
    Active restored = snapshotter.prepare("restore-s", null);
    Files.writeString(restored.dir().resolve("f"), "whole");
    snapshotter.replace(restored, chainId);
    assertEquals("whole", Files.readString(snapshotter.path(chainId).orElseThrow().resolve("f")));
    assertFalse(snapshotter.hasDeferred());

    Digest other = Digest.sha256("other".getBytes());
    snapshotter.commitDeferred(snapshotter.prepare("extract-o", null), other, source("o"));
    assertTrue(snapshotter.remove(other));
    assertFalse(snapshotter.hasDeferred(), "a removed snapshot has nothing left to restore");
  }

  @Test
  void mountsListLowerDirectoriesTopFirst() throws Exception {
    Snapshotter snapshotter = create(root);
    List<Digest> chain = unpackImage(snapshotter, tar("a", "1"), tar("b", "2"), tar("c", "3"));
    Mount mount = snapshotter.mounts(chain).get(0);
    Path committed = root.resolve("snapshots/overlayfs/committed");
    assertEquals("lowerdir=" + committed.resolve(chain.get(2).hex()) + ":"
        + committed.resolve(chain.get(1).hex()) + ":" + committed.resolve(chain.get(0).hex()),
        mount.optionString());
    assertEquals("bind", snapshotter.mounts(chain.subList(0, 1)).get(0).type());
  }

  @Test
  void theProbeChoosesOverlayWhereTheKernelHonoursWhiteouts() throws Exception {
    SnapshotterProbe.Choice choice = SnapshotterProbe.choose(root.resolve("snapshots"));
    String refusal = SnapshotterProbe.overlayRefusal(root.resolve("snapshots"));
    assertEquals(refusal == null ? "overlayfs" : "native", choice.snapshotter().name(),
        choice.reason());
    try (var left = Files.list(root.resolve("snapshots"))) {
      assertEquals(0, left.filter(p -> p.getFileName().toString().startsWith("probe-")).count(),
          "the probe cleans up");
    }
  }

  @Test
  void aNamedSnapshotterNeedsNoProbeAndAnUnknownNameIsRefused() throws Exception {
    assertEquals("overlayfs", SnapshotterProbe.named(root.resolve("snapshots"), "overlayfs").name());
    assertEquals("native", SnapshotterProbe.named(root.resolve("snapshots"), "native").name());
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> SnapshotterProbe.named(root.resolve("snapshots"), "aufs"));
    assertEquals("storage driver aufs: use one of overlayfs, native", e.getMessage());
  }

  /** Null on success, else the command's output. */
  private static String run(String... command) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return String.join(" ", command) + ": timed out";
      }
      return p.exitValue() == 0 ? null : out.trim();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }
}
