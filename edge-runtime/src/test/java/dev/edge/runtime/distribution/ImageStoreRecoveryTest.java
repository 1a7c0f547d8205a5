package dev.edge.runtime.distribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.edge.runtime.image.Digest;
import dev.edge.runtime.image.MediaTypes;
import dev.edge.runtime.image.fixtures.TarBuilder;
import dev.edge.runtime.snapshot.Active;
import dev.edge.runtime.snapshot.LayerSource;
import dev.edge.runtime.store.Ingest;
import dev.edge.runtime.unpack.Limits;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pulled layers are committed before their files reach the disk; what a power cut before the
 * background sync does to them, simulated by damaging the snapshot and changing the marker's boot.
 */
class ImageStoreRecoveryTest {
  private static final byte[] TOOL = {1, 2, 3, 4, 5};
  @TempDir Path dir;
  private Path root;
  private byte[] tar;
  private Digest blob;
  private Digest diffId;

  @BeforeEach
  void layer() throws IOException {
    root = dir.resolve("root");
    tar = new TarBuilder().dir("etc", 0755)
        .file("etc/motd", "hello".getBytes(StandardCharsets.UTF_8), 0644)
        .dir("bin", 0755).file("bin/tool", TOOL, 0755).build();
    diffId = Digest.sha256(tar);
  }

  /** Stores the blob durably and commits its snapshot deferred, as a pull does. */
  private Digest pull(ImageStore store) throws IOException {
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(gz)) {
      out.write(tar);
    }
    byte[] layer = gz.toByteArray();
    blob = Digest.sha256(layer);
    try (Ingest ingest = store.content().openIngest("layer-test", blob, layer.length)) {
      ingest.outputStream().write(layer);
      ingest.commit();
    }
    Active active = store.snapshots().prepare("pull-test", null);
    store.unpacker().apply(new ByteArrayInputStream(layer), MediaTypes.Compression.GZIP,
        active.dir(), Limits.defaults()).requireDiffId(diffId);
    Digest chainId = diffId; // a base layer's ChainID is its diff_id
    store.snapshots().commitDeferred(active, chainId,
        new LayerSource(blob, MediaTypes.OCI_LAYER_GZIP, diffId));
    return chainId;
  }

  private ImageStore openWithOverlay() throws IOException {
    ImageStore store = ImageStore.open(root);
    assumeTrue(store.snapshots().layersIndependent(), "deferred commits need overlay snapshots;"
        + " this kernel gave " + store.snapshots().name());
    return store;
  }

  /** The marker as the next boot sees it: the kernel's boot id has changed. */
  private void rebootMachine(ImageStore store, Digest chainId) throws IOException {
    Path marker = root.resolve("snapshots").resolve(store.snapshots().name())
        .resolve("unsynced").resolve(chainId.hex());
    String text = Files.readString(marker);
    Files.writeString(marker, text.replaceAll("(?m)^boot=.*$", "boot=before-the-power-cut"));
  }

  @Test
  void aLayerCutOffByAPowerLossIsUnpackedAgainFromItsBlobAtStart() throws Exception {
    ImageStore store = openWithOverlay();
    Digest chainId = pull(store);
    Path snapshot = store.snapshots().path(chainId).orElseThrow();
    // What the page cache had not yet written is gone after the cut.
    Files.write(snapshot.resolve("etc/motd"), new byte[0]);
    Files.delete(snapshot.resolve("bin/tool"));
    rebootMachine(store, chainId);

    ImageStore restarted = ImageStore.open(root);
    Path restored = restarted.snapshots().path(chainId).orElseThrow();
    assertEquals("hello", Files.readString(restored.resolve("etc/motd")));
    assertArrayEquals(TOOL, Files.readAllBytes(restored.resolve("bin/tool")));
    assertFalse(restarted.snapshots().hasDeferred(), "restored snapshots are synced");
  }

  @Test
  void aDaemonCrashWithoutARebootLosesNothingAndOnlySyncs() throws Exception {
    ImageStore store = openWithOverlay();
    Digest chainId = pull(store);
    Object inode = Files.getAttribute(store.snapshots().path(chainId).orElseThrow()
        .resolve("bin/tool"), "unix:ino");

    ImageStore restarted = ImageStore.open(root); // same boot: the page cache still has it all
    Path kept = restarted.snapshots().path(chainId).orElseThrow();
    assertEquals(inode, Files.getAttribute(kept.resolve("bin/tool"), "unix:ino"),
        "not unpacked again");
    assertFalse(restarted.snapshots().hasDeferred());
  }

  @Test
  void aLayerWhoseBlobIsGoneIsRemovedSoTheNextPullFetchesItAgain() throws Exception {
    ImageStore store = openWithOverlay();
    Digest chainId = pull(store);
    store.content().delete(blob);
    rebootMachine(store, chainId);

    ImageStore restarted = ImageStore.open(root);
    assertFalse(restarted.snapshots().exists(chainId));
    assertFalse(restarted.snapshots().hasDeferred());
  }

  @Test
  void aLayerThatCannotBeRestoredIsDroppedAndTheStoreStillOpens() throws Exception {
    ImageStore store = openWithOverlay();
    Digest chainId = pull(store);
    rebootMachine(store, chainId);
    Path marker = root.resolve("snapshots").resolve(store.snapshots().name())
        .resolve("unsynced").resolve(chainId.hex());
    // A marker naming another layer's diff_id: the unpacked blob cannot match it.
    String text = Files.readString(marker);
    Files.writeString(marker, text.replace(diffId.hex(), Digest.sha256(new byte[1]).hex()));

    ImageStore restarted = ImageStore.open(root);
    assertFalse(restarted.snapshots().exists(chainId));
    assertFalse(restarted.content().exists(blob), "so the next pull fetches it again");
    assertFalse(restarted.snapshots().hasDeferred());
    assertFalse(ImageStore.open(root).snapshots().hasDeferred(), "and later starts are quiet");
  }

  @Test
  void aCleanStopSyncsSoTheNextBootHasNothingToRestore() throws Exception {
    ImageStore store = openWithOverlay();
    pull(store);
    store.sync().committed();
    assertTrue(store.snapshots().hasDeferred());
    store.close();
    assertFalse(store.snapshots().hasDeferred());
  }
}
