package dev.edge.runtime.distribution;

import dev.edge.runtime.fs.WritebackPacer;
import dev.edge.runtime.snapshot.Snapshotter;
import dev.edge.runtime.snapshot.SnapshotterProbe;
import dev.edge.runtime.store.ContentStore;
import dev.edge.runtime.store.GarbageCollector;
import dev.edge.runtime.store.ImageIndex;
import dev.edge.runtime.store.IngestStatus;
import dev.edge.runtime.store.Leases;
import dev.edge.runtime.store.LocalContentStore;
import dev.edge.runtime.unpack.LayerUnpacker;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's image storage as one unit: content store, snapshots, image index, leases and
 * GC, opened and checked together at start.
 */
public final class ImageStore {
  private static final Logger LOG = LoggerFactory.getLogger(ImageStore.class);
  /** Partial downloads younger than this are kept at start so the next pull resumes them. */
  static final Duration RESUME_WINDOW = Duration.ofDays(2);

  private final ContentStore content;
  private final Snapshotter snapshots;
  private final ImageIndex index;
  private final Leases leases;
  private final LayerUnpacker unpacker;
  private final WritebackPacer writeback;

  private ImageStore(ContentStore content, Snapshotter snapshots, ImageIndex index, Leases leases,
      WritebackPacer writeback) {
    this.content = content;
    this.snapshots = snapshots;
    this.index = index;
    this.leases = leases;
    this.writeback = writeback;
    this.unpacker = new LayerUnpacker(snapshots.whiteouts());
  }

  /** Opens the stores under {@code root} and removes what a crash left unfinished. */
  public static ImageStore open(Path root) throws IOException {
    ContentStore content = new LocalContentStore(root.resolve("content"));
    Snapshotter snapshots = SnapshotterProbe.choose(root.resolve("snapshots")).snapshotter();
    ImageStore store = new ImageStore(content, snapshots, new ImageIndex(root.resolve("images")),
        new Leases(root.resolve("leases")),
        new WritebackPacer(root, WritebackPacer.DEFAULT_INTERVAL_MS));
    List<IngestStatus> resumable = content.recover(RESUME_WINDOW);
    int activeRemoved = snapshots.recover();
    if (!resumable.isEmpty() || activeRemoved > 0) {
      LOG.info("store recovery: {} partial download(s) kept for resume, {} unfinished"
          + " snapshot(s) removed", resumable.size(), activeRemoved);
    }
    return store;
  }

  /** Paces the disk writes of layers being fetched and unpacked (see {@link WritebackPacer}). */
  public WritebackPacer writeback() {
    return writeback;
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
