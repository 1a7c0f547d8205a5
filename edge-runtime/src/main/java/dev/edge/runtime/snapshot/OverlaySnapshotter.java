package dev.edge.runtime.snapshot;

import dev.edge.runtime.image.Digest;
import dev.edge.runtime.unpack.Whiteouts;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Each layer in its own directory with overlayfs whiteouts, stacked as lower directories at
 * mount time; layers are independent and unpack in parallel. Lives in
 * {@code <snapshots dir>/overlayfs}.
 */
public final class OverlaySnapshotter extends DirectorySnapshotter {
  public static final String NAME = "overlayfs";

  /** @param snapshots the snapshots directory, normally {@code ROOT/snapshots} */
  public OverlaySnapshotter(Path snapshots) throws IOException {
    super(snapshots.resolve(NAME));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Whiteouts whiteouts() {
    return Whiteouts.OVERLAY;
  }

  @Override
  public boolean layersIndependent() {
    return true;
  }

  @Override
  protected void populate(Path dir, Digest parent) {
    // Empty: the layer's directory holds that layer only.
  }

  @Override
  public List<Mount> mounts(List<Digest> chainIds) {
    if (chainIds.isEmpty()) {
      throw new IllegalArgumentException("an image needs at least one layer to mount");
    }
    if (chainIds.size() == 1) {
      // overlayfs refuses a single lower directory without an upper one.
      return List.of(new Mount("bind", requireCommitted(chainIds.get(0)).toString(), "",
          List.of("ro", "rbind")));
    }
    List<String> lowers = new ArrayList<>();
    for (int i = chainIds.size() - 1; i >= 0; i--) {
      lowers.add(requireCommitted(chainIds.get(i)).toString());
    }
    return List.of(new Mount("overlay", "overlay", "",
        List.of("lowerdir=" + String.join(":", lowers))));
  }
}
