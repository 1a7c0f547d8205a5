package dev.edge.runtime.build;

import dev.edge.runtime.fs.FileTrees;
import dev.edge.runtime.image.Digest;
import dev.edge.runtime.snapshot.Snapshotter;
import dev.edge.runtime.unpack.Posix;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An image's file system mounted with a fresh overlay upper directory, for the steps the builder
 * does itself (COPY, ADD, WORKDIR) and for reading another stage's files. Writes land in the
 * upper directory exactly as they would in a RUN container's: parents copied up with their
 * metadata, deletions as whiteouts, so one layer writer serves every kind of step.
 */
final class StepRoot implements Closeable {
  private final Path dir;
  private final Path merged;
  private boolean mounted;

  private StepRoot(Path dir) {
    this.dir = dir;
    this.merged = dir.resolve("merged");
  }

  /** Mounts the layers {@code chainIds} (base first; none for scratch) under {@code dir}. */
  static StepRoot mount(Snapshotter snapshots, List<Digest> chainIds, Path dir)
      throws IOException {
    if (!snapshots.name().equals("overlayfs")) {
      throw new IOException("building images needs the overlayfs snapshotter; this daemon"
          + " uses " + snapshots.name() + " (overlayfs could not be mounted on its root)");
    }
    StepRoot root = new StepRoot(Files.createDirectories(dir));
    List<String> lowers = new ArrayList<>();
    for (int i = chainIds.size() - 1; i >= 0; i--) {
      Digest chainId = chainIds.get(i);
      lowers.add(snapshots.path(chainId).orElseThrow(() -> new IOException("layer " + chainId
          + " is missing from the snapshot store")).toString());
    }
    if (lowers.isEmpty()) {
      lowers.add(Files.createDirectories(dir.resolve("empty")).toString());
    }
    Files.createDirectories(root.merged);
    Posix.mount("overlay", root.merged, "overlay", 0, "lowerdir=" + String.join(":", lowers)
        + ",upperdir=" + Files.createDirectories(dir.resolve("upper"))
        + ",workdir=" + Files.createDirectories(dir.resolve("work")));
    root.mounted = true;
    return root;
  }

  /** The merged view: the image's files with this step's changes. */
  Path root() {
    return merged;
  }

  /** The step's changes in overlay form; read them after {@link #unmount}. */
  Path changes() {
    return dir.resolve("upper");
  }

  /** Unmounts, so that the upper directory is settled for the layer writer. */
  void unmount() throws IOException {
    if (mounted) {
      Posix.unmountDetached(merged);
      mounted = false;
    }
  }

  @Override
  public void close() throws IOException {
    unmount();
    FileTrees.delete(dir);
  }
}
