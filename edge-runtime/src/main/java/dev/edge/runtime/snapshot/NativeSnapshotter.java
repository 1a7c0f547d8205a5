package dev.edge.runtime.snapshot;

import dev.edge.runtime.image.Digest;
import dev.edge.runtime.unpack.Whiteouts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Copy-based snapshots for file systems where overlayfs whiteouts cannot be made: each snapshot
 * is a full copy of its parent with the layer applied (whiteouts delete). Layers must be unpacked
 * in order. Lives in {@code <snapshots dir>/native}.
 */
public final class NativeSnapshotter extends DirectorySnapshotter {
  public static final String NAME = "native";
  /** A copy of a few hundred MB on an SD card takes tens of seconds; this is a hang guard. */
  static final long COPY_TIMEOUT_MINUTES = 30;

  /** @param snapshots the snapshots directory, normally {@code ROOT/snapshots} */
  public NativeSnapshotter(Path snapshots) throws IOException {
    super(snapshots.resolve(NAME));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Whiteouts whiteouts() {
    return Whiteouts.DELETE;
  }

  @Override
  public boolean layersIndependent() {
    return false;
  }

  /**
   * The host's cp -a keeps hard links, owners, modes, times, xattrs and special files, which
   * Files.copy does not; it is the host's binary, never one from an image.
   */
  @Override
  protected void populate(Path dir, Digest parent) throws IOException {
    if (parent == null) {
      return;
    }
    Path source = requireCommitted(parent);
    Process cp = new ProcessBuilder("cp", "-a", "--reflink=auto", "--", source + "/.",
        dir.toString()).redirectErrorStream(true).start();
    String output;
    try {
      output = new String(cp.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!cp.waitFor(COPY_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        cp.destroyForcibly();
        throw new IOException("copy snapshot " + parent + ": cp did not finish in "
            + COPY_TIMEOUT_MINUTES + " minutes");
      }
    } catch (InterruptedException e) {
      cp.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("copy snapshot " + parent + ": interrupted", e);
    }
    if (cp.exitValue() != 0) {
      throw new IOException("copy snapshot " + parent + " into " + dir + ": cp exited "
          + cp.exitValue() + ": " + output);
    }
  }

  @Override
  public List<Mount> mounts(List<Digest> chainIds) {
    if (chainIds.isEmpty()) {
      throw new IllegalArgumentException("an image needs at least one layer to mount");
    }
    Path top = requireCommitted(chainIds.get(chainIds.size() - 1));
    return List.of(new Mount("bind", top.toString(), "", List.of("ro", "rbind")));
  }
}
