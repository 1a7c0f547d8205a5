package dev.edge.runtime.distribution;

import dev.edge.runtime.image.Digest;
import dev.edge.runtime.image.MediaTypes;
import dev.edge.runtime.snapshot.Active;
import dev.edge.runtime.snapshot.BackgroundSync;
import dev.edge.runtime.snapshot.Snapshotter;
import dev.edge.runtime.snapshot.SnapshotterProbe;
import dev.edge.runtime.snapshot.UnsyncedSnapshots;
import dev.edge.runtime.store.ContentStore;
import dev.edge.runtime.store.GarbageCollector;
import dev.edge.runtime.store.ImageIndex;
import dev.edge.runtime.store.IngestStatus;
import dev.edge.runtime.store.Leases;
import dev.edge.runtime.store.LocalContentStore;
import dev.edge.runtime.unpack.DiffIdMismatchException;
import dev.edge.runtime.unpack.LayerUnpacker;
import dev.edge.runtime.unpack.Limits;
import dev.edge.runtime.unpack.UnpackResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's image storage as one unit: content store, snapshots, image index, leases and
 * GC, opened and checked together at start.
 */
public final class ImageStore implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ImageStore.class);
  /** Partial downloads younger than this are kept at start so the next pull resumes them. */
  static final Duration RESUME_WINDOW = Duration.ofDays(2);

  private final ContentStore content;
  private final Snapshotter snapshots;
  private final ImageIndex index;
  private final Leases leases;
  private final LayerUnpacker unpacker;
  private final BackgroundSync sync;

  private ImageStore(ContentStore content, Snapshotter snapshots, ImageIndex index,
      Leases leases) {
    this.content = content;
    this.snapshots = snapshots;
    this.index = index;
    this.leases = leases;
    this.sync = new BackgroundSync(snapshots, BackgroundSync.DEFAULT_QUIET_MS,
        BackgroundSync.DEFAULT_MAX_DELAY_MS);
    this.unpacker = new LayerUnpacker(snapshots.whiteouts());
  }

  /** Opens the stores under {@code root}, probing for the snapshotter, and removes what a crash left unfinished. */
  public static ImageStore open(Path root) throws IOException {
    return open(root, Optional.empty());
  }

  /**
   * As {@link #open(Path)}, with the snapshotter named ({@link SnapshotterProbe#NAMES}) when it
   * is known: the daemon's JVM is given the verdict of a probe run before it, so the probe's
   * native-call classes never load in it.
   */
  public static ImageStore open(Path root, Optional<String> snapshotter) throws IOException {
    ContentStore content = new LocalContentStore(root.resolve("content"));
    Path snapshotsDir = root.resolve("snapshots");
    Snapshotter snapshots = snapshotter.isPresent()
        ? SnapshotterProbe.named(snapshotsDir, snapshotter.get())
        : SnapshotterProbe.choose(snapshotsDir).snapshotter();
    ImageStore store = new ImageStore(content, snapshots, new ImageIndex(root.resolve("images")),
        new Leases(root.resolve("leases")));
    List<IngestStatus> resumable = content.recover(RESUME_WINDOW);
    int activeRemoved = snapshots.recover();
    if (!resumable.isEmpty() || activeRemoved > 0) {
      LOG.info("store recovery: {} partial download(s) kept for resume, {} unfinished"
          + " snapshot(s) removed", resumable.size(), activeRemoved);
    }
    store.restoreUnsyncedLayers();
    snapshots.syncDeferred(); // this boot's markers: a daemon crash loses no page cache
    return store;
  }

  /**
   * Layers committed without a sync (see {@link Snapshotter#commitDeferred}) before the machine
   * went down may have lost files: each is unpacked again from its blob, which was durable before
   * the commit, verified against its diff_id and put in place of the suspect one.
   */
  private void restoreUnsyncedLayers() throws IOException {
    for (UnsyncedSnapshots.Marker marker : snapshots.unsyncedFromEarlierBoots()) {
      Digest blob = marker.source().blob();
      if (!content.exists(blob)) {
        LOG.warn("layer {} was committed just before the machine went down and its blob {} is"
            + " gone: removing it; pull its image again", marker.chainId(), blob);
        snapshots.remove(marker.chainId());
        continue;
      }
      LOG.info("restoring layer {} from blob {}: the machine went down before its files were"
          + " synced", marker.chainId(), blob);
      try {
        restore(marker);
      } catch (IOException e) {
        // One bad layer must not keep the daemon from starting: drop it, so the next pull of
        // its image fetches it again.
        LOG.error("layer {} could not be restored from blob {} ({}): removing both; pull its"
            + " image again", marker.chainId(), blob, e.getMessage());
        snapshots.remove(marker.chainId());
        content.delete(blob);
      }
    }
  }

  private void restore(UnsyncedSnapshots.Marker marker) throws IOException {
    Active active = snapshots.prepare("restore-" + UUID.randomUUID(), null);
    try {
      UnpackResult result;
      try (InputStream in = content.open(marker.source().blob())) {
        result = unpacker.apply(in, MediaTypes.layerCompression(marker.source().mediaType()),
            active.dir(), Limits.defaults());
      }
      if (!result.diffId().equals(marker.source().diffId())) {
        throw new DiffIdMismatchException(marker.source().diffId(), result.diffId());
      }
      snapshots.replace(active, marker.chainId());
      active = null;
    } finally {
      if (active != null) {
        snapshots.abort(active);
      }
    }
  }

  /** Syncs deferred snapshot commits in the background (see {@link BackgroundSync}). */
  public BackgroundSync sync() {
    return sync;
  }

  /** Syncs what deferred commits left unsynced, so a clean stop leaves nothing to restore. */
  @Override
  public void close() {
    sync.close();
  }

  public ContentStore content() {
    return content;
  }

  public Snapshotter snapshots() {
    return snapshots;
  }

  public ImageIndex index() {
    return index;
  }

  public Leases leases() {
    return leases;
  }

  public LayerUnpacker unpacker() {
    return unpacker;
  }

  public GarbageCollector garbageCollector() {
    return new GarbageCollector(content, snapshots, index, leases);
  }
}
