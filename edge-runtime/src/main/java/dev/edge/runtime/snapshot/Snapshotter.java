package dev.edge.runtime.snapshot;

import dev.edge.runtime.image.Digest;
import dev.edge.runtime.unpack.Whiteouts;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Unpacked layers on disk. A layer is unpacked into an {@link Active} snapshot and becomes
 * visible, under its ChainID, only through {@link #commit} after the caller verified its diff_id.
 */
public interface Snapshotter {
  /** {@code overlayfs} or {@code native}, as {@code docker info} shows the storage driver. */
  String name();

  /** The whiteout form the unpacker must write into this snapshotter's directories. */
  Whiteouts whiteouts();

  /**
   * True when a layer's directory holds that layer only, so all layers of an image can be
   * prepared and unpacked at once; false when each needs its parent committed first.
   */
  boolean layersIndependent();

  /**
   * A new empty (overlay) or parent-filled (native) directory to unpack one layer into.
   *
   * @param key unique per attempt, e.g. {@code extract-<uuid>}; letters, digits and ._- only
   * @param parent the ChainID of the layer beneath, or null for the base layer
   */
  Active prepare(String key, Digest parent) throws IOException;

  /**
   * Makes the active snapshot durable (one syncfs) and renames it to its ChainID. When that
   * ChainID is already committed (a parallel pull won), the active one is discarded.
   */
  void commit(Active active, Digest chainId) throws IOException;

  /**
   * Like {@link #commit} without waiting for the disk, for a layer whose blob is already durable:
   * a marker naming this boot and the blob is fsynced first, then the snapshot is renamed into
   * place, and {@link #syncDeferred} (run in the background) makes it durable later. If the
   * machine goes down before that, the next start finds the marker under another boot id and
   * unpacks the layer again from its blob ({@link #unsyncedFromEarlierBoots}). Snapshotters whose
   * layers depend on their parents, and machines without a boot id, commit synchronously.
   */
  void commitDeferred(Active active, Digest chainId, LayerSource source) throws IOException;

  /** One syncfs for every deferred commit so far; their markers are cleared after it. */
  void syncDeferred() throws IOException;

  /** True while some deferred commit still waits for {@link #syncDeferred}. */
  boolean hasDeferred() throws IOException;

  /**
   * For daemon start, after {@link #recover}: the markers of deferred commits an earlier boot
   * never synced. Their snapshots (if still there) may miss data. Markers of this boot whose
   * snapshot never became visible are cleared here.
   */
  List<UnsyncedSnapshots.Marker> unsyncedFromEarlierBoots() throws IOException;

  /**
   * Puts a freshly unpacked snapshot in place of a committed one (or of a missing one), durably,
   * and clears the ChainID's marker: how a snapshot suspected of lost data is restored.
   */
  void replace(Active active, Digest chainId) throws IOException;

  /** Discards an active snapshot, e.g. after a failed unpack or a diff_id mismatch. */
  void abort(Active active) throws IOException;

  boolean exists(Digest chainId);

  /** The committed layer's directory. */
  Optional<Path> path(Digest chainId);

  /** False when it was not there. */
  boolean remove(Digest chainId) throws IOException;

  List<Digest> list() throws IOException;

  /** Bytes used by the snapshot's regular files, each hard-linked inode once. */
  long usage(Digest chainId) throws IOException;

  /** For daemon start: removes active snapshots a crash left behind; returns how many. */
  int recover() throws IOException;

  /**
   * The read-only mounts that show the image's root file system, for chain IDs listed base
   * first (as in the image config).
   */
  List<Mount> mounts(List<Digest> chainIds);
}
