package dev.edge.runtime.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edge.runtime.image.Descriptor;
import dev.edge.runtime.image.Digest;
import dev.edge.runtime.image.MediaTypes;
import dev.edge.runtime.image.Platform;
import dev.edge.runtime.image.Reference;
import dev.edge.runtime.snapshot.Active;
import dev.edge.runtime.snapshot.ChainIds;
import dev.edge.runtime.snapshot.NativeSnapshotter;
import dev.edge.runtime.snapshot.Snapshotter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GarbageCollectorTest {
  @TempDir Path root;
  private LocalContentStore content;
  private Snapshotter snapshots;
  private ImageIndex images;

  @BeforeEach
  void setUp() throws Exception {
    content = new LocalContentStore(root.resolve("content"));
    snapshots = new NativeSnapshotter(root.resolve("snapshots"));
    images = new ImageIndex(root.resolve("images"));
  }

  private Digest blob(String text) throws Exception {
    byte[] bytes = text.getBytes();
    Digest digest = Digest.sha256(bytes);
    try (Ingest ingest = content.openIngest("b-" + digest.hex(), digest, bytes.length)) {
      ingest.outputStream().write(bytes);
      ingest.commit();
    }
    return digest;
  }

  private Digest snapshot(Digest chainId, int bytes) throws Exception {
    Active active = snapshots.prepare("extract-" + chainId.hex(), null);
    Files.write(active.dir().resolve("f"), new byte[bytes]);
    snapshots.commit(active, chainId);
    return chainId;
  }

  /** An image whose every blob and snapshot exists. */
  private ImageRecord storedImage(String seed) throws Exception {
    Digest config = blob("config " + seed);
    Digest manifest = blob("manifest " + seed);
    Digest layer = blob("layer " + seed);
    Digest diffId = Digest.sha256(("diff " + seed).getBytes());
    snapshot(ChainIds.of(List.of(diffId)).get(0), 10);
    return ImageRecord.of(manifest, MediaTypes.OCI_MANIFEST, null,
        Descriptor.of(MediaTypes.OCI_CONFIG, config, 1),
        List.of(Descriptor.of(MediaTypes.OCI_LAYER_GZIP, layer, 1)), List.of(diffId),
        Platform.parse("linux/amd64"), Instant.now(), 10, Map.of());
  }

  @Test
  void unreferencedBlobsAndSnapshotsGoReferencedAndLeasedOnesStay() throws Exception {
    Leases leases = new Leases(root.resolve("leases"));
    ImageRecord kept = storedImage("kept");
    images.add(kept, List.of(Reference.parse("kept:1")));
    ImageRecord removed = storedImage("removed");
    images.add(removed, List.of(Reference.parse("removed:1")));
    Digest orphanBlob = blob("orphan bytes");
    Digest orphanSnapshot = snapshot(Digest.sha256("orphan".getBytes()), 1000);
    Leases.Lease pull = leases.create("pull", Duration.ofHours(1));
    Digest pulling = blob("half-pulled image's finished layer");
    pull.addBlob(pulling);
    Digest pullingSnapshot = snapshot(Digest.sha256("pulling".getBytes()), 5);
    pull.addSnapshot(pullingSnapshot);

    images.remove("removed:1", false, id -> false);
    GcResult result = new GarbageCollector(content, snapshots, images, leases).collect();

    List<Digest> expectedBlobs = new java.util.ArrayList<>(removed.blobs());
    expectedBlobs.add(orphanBlob);
    expectedBlobs.sort(null);
    assertEquals(expectedBlobs, result.removedBlobs().stream().sorted().toList());
    List<Digest> expectedSnapshots = new java.util.ArrayList<>(removed.chainIds());
    expectedSnapshots.add(orphanSnapshot);
    expectedSnapshots.sort(null);
    assertEquals(expectedSnapshots, result.removedSnapshots().stream().sorted().toList());
    long blobBytes = ("config removed".length() + "manifest removed".length()
        + "layer removed".length() + "orphan bytes".length());
    assertEquals(blobBytes + 10 + 1000, result.reclaimedBytes());
    kept.blobs().forEach(d -> assertTrue(content.exists(d)));
    kept.chainIds().forEach(d -> assertTrue(snapshots.exists(d)));
    assertTrue(content.exists(pulling));
    assertTrue(snapshots.exists(pullingSnapshot));

    pull.close();
    GcResult afterRelease = new GarbageCollector(content, snapshots, images, leases).collect();
    assertEquals(List.of(pulling), afterRelease.removedBlobs());
    assertEquals(List.of(pullingSnapshot), afterRelease.removedSnapshots());
  }

  @Test
  void aLeaseSurvivesARestartUntilItExpires() throws Exception {
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    Path dir = root.resolve("leases");
    Leases before = new Leases(dir, Clock.fixed(start, ZoneOffset.UTC));
    Digest finished = blob("layer finished before the daemon was killed");
    before.create("pull", Duration.ofHours(24)).addBlob(finished);

    Leases restarted = new Leases(dir, Clock.fixed(start.plus(Duration.ofHours(2)),
        ZoneOffset.UTC));
    new GarbageCollector(content, snapshots, images, restarted).collect();
    assertTrue(content.exists(finished), "kept for the resumed pull");

    Leases muchLater = new Leases(dir, Clock.fixed(start.plus(Duration.ofDays(2)),
        ZoneOffset.UTC));
    new GarbageCollector(content, snapshots, images, muchLater).collect();
    assertFalse(content.exists(finished));
    try (var files = Files.list(root.resolve("leases"))) {
      assertEquals(0, files.count(), "the expired lease file is gone");
    }
  }
}
