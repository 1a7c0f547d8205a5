package dev.edge.runtime.container;

import dev.edge.runtime.fs.FileTrees;
import dev.edge.runtime.image.Digest;
import dev.edge.runtime.snapshot.Mount;
import dev.edge.runtime.snapshot.Snapshotter;
import dev.edge.runtime.unpack.Posix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A container's root file system: an overlay whose lower layers are the image's snapshots and
 * whose upper layer is the container's own directory; where overlayfs cannot mount (the
 * native snapshotter was chosen), a private copy of the image's top snapshot.
 */
final class RootfsMounter {
  private final Snapshotter snapshots;

  RootfsMounter(Snapshotter snapshots) {
    this.snapshots = snapshots;
  }

  /** Mounts (or copies) the root file system at {@code dir}/rootfs and returns that path. */
  Path mount(Path dir, List<Digest> chainIds) throws IOException {
    Path rootfs = Files.createDirectories(dir.resolve("rootfs"));
    if (isMounted(rootfs)) {
      return rootfs;
    }
    List<Mount> image = snapshots.mounts(chainIds);
    Mount base = image.get(0);
    if (base.type().equals("overlay") || (base.type().equals("bind") && snapshots.name()
        .equals("overlayfs"))) {
      Path upper = Files.createDirectories(dir.resolve("upper"));
      Path work = Files.createDirectories(dir.resolve("work"));
      String lower = initLayer(dir) + ":" + (base.type().equals("overlay")
          ? base.options().get(0).substring("lowerdir=".length()) : base.source());
      Posix.mount("overlay", rootfs, "overlay", 0,
          "lowerdir=" + lower + ",upperdir=" + upper + ",workdir=" + work);
    } else {
      Path copy = dir.resolve("fs");
      if (!Files.exists(copy)) {
        Path top = snapshots.path(chainIds.get(chainIds.size() - 1)).orElseThrow(
            () -> new IOException("image layer " + chainIds.get(chainIds.size() - 1)
                + " is missing from the snapshot store"));
        copyTree(top, copy);
      }
      Posix.mount(copy.toString(), rootfs, "", Posix.MS_BIND | Posix.MS_REC, null);
    }
    return rootfs;
  }

  /** Mount points the runtime fills; directories first, then empty files. */
  private static final List<String> INIT_DIRECTORIES = List.of("dev", "dev/pts", "dev/shm",
      "proc", "sys", "etc");
  private static final List<String> INIT_FILES = List.of("etc/hosts", "etc/hostname",
      "etc/resolv.conf");

  /**
   * Docker's init layer: the mount points the runtime needs, in a read-only layer between the
   * image and the container's upper directory. Without it runc would create them in the upper
   * directory, where they would count as the container's changes (a build step's layer).
   */
  private static Path initLayer(Path dir) throws IOException {
    Path init = dir.resolve("init");
    if (Files.isDirectory(init)) {
      return init;
    }
    Path building = dir.resolve("init.tmp");
    FileTrees.delete(building);
    for (String d : INIT_DIRECTORIES) {
      Files.createDirectories(building.resolve(d));
    }
    for (String f : INIT_FILES) {
      Files.createFile(building.resolve(f));
    }
    Files.createSymbolicLink(building.resolve("etc/mtab"), Path.of("/proc/mounts"));
    Files.move(building, init, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return init;
  }

  /** Unmounts the root file system; a rootfs that is not mounted is fine. */
  void unmount(Path dir) throws IOException {
    Path rootfs = dir.resolve("rootfs");
    if (isMounted(rootfs)) {
      Posix.unmountDetached(rootfs);
    }
  }

  /** Removes the container's layers after unmounting. */
  void delete(Path dir) throws IOException {
    unmount(dir);
    for (String part : List.of("rootfs", "upper", "work", "fs", "init")) {
      FileTrees.delete(dir.resolve(part));
    }
  }

  static boolean isMounted(Path path) throws IOException {
    String target = path.toAbsolutePath().toString();
    for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
      String[] f = line.split(" ");
      if (f.length > 1 && unescape(f[1]).equals(target)) {
        return true;
      }
    }
    return false;
  }

  private static String unescape(String field) {
    return field.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n")
        .replace("\\134", "\\");
  }

  private static void copyTree(Path from, Path to) throws IOException {
    Process p = new ProcessBuilder("cp", "-a", "--reflink=auto", from.toString(), to.toString())
        .redirectErrorStream(true).start();
    List<String> out = new ArrayList<>();
    try (var reader = p.inputReader()) {
      reader.lines().forEach(out::add);
    }
    try {
      if (p.waitFor() != 0) {
        throw new IOException("copying image layers to " + to + ": " + String.join("; ", out));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("copying image layers interrupted", e);
    }
  }
}
