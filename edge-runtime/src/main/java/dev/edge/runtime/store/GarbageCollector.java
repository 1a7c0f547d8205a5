package dev.edge.runtime.store;

import dev.edge.runtime.image.Digest;
import dev.edge.runtime.snapshot.Snapshotter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Mark and sweep: blobs and snapshots that no image record references and no unexpired lease
 * holds are removed. Runs under the leases' lock, so a pull cannot add to its lease between
 * the mark and the sweep.
 */
public final class GarbageCollector {
  private final ContentStore content;
  private final Snapshotter snapshots;
  private final ImageIndex images;
  private final Leases leases;

  public GarbageCollector(ContentStore content, Snapshotter snapshots, ImageIndex images,
      Leases leases) {
    this.content = content;
    this.snapshots = snapshots;
    this.images = images;
    this.leases = leases;
  }

  public GcResult collect() throws IOException {
    synchronized (leases) {
      Leases.Held held = leases.held();
      Set<Digest> liveBlobs = new HashSet<>(held.blobs());
      Set<Digest> liveSnapshots = new HashSet<>(held.snapshots());
      for (ImageRecord image : images.records()) {
        liveBlobs.addAll(image.blobs());
        liveSnapshots.addAll(image.chainIds());
      }
      long reclaimed = 0;
      List<Digest> removedBlobs = new ArrayList<>();
      for (Digest blob : content.list()) {
        if (!liveBlobs.contains(blob)) {
          long size = content.size(blob);
          if (content.delete(blob)) {
            reclaimed += size;
            removedBlobs.add(blob);
          }
        }
      }
      List<Digest> removedSnapshots = new ArrayList<>();
      for (Digest chainId : snapshots.list()) {
        if (!liveSnapshots.contains(chainId)) {
          long size = snapshots.usage(chainId);
          if (snapshots.remove(chainId)) {
            reclaimed += size;
            removedSnapshots.add(chainId);
          }
        }
      }
      return new GcResult(removedBlobs, removedSnapshots, reclaimed);
    }
  }
}
