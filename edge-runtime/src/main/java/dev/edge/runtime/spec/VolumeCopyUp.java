package dev.edge.runtime.spec;

import dev.edge.runtime.fs.IoErrors;
import dev.edge.runtime.unpack.Posix;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Docker's copy-up: before a container first uses a volume that is still empty, the image's
 * content at the mount point is copied into it (owners, modes, times, links and hard links
 * kept), and the volume's root takes the ownership and mode of the image's directory. A volume
 * with any content is left alone, as Docker leaves it.
 */
public final class VolumeCopyUp {
  private VolumeCopyUp() {}

  /**
   * Populates every volume mount that asks for it, from {@code rootfs}.
   *
   * @throws ContainerSpecException when the image has a file where a volume is to be mounted
   */
  public static void populate(List<ContainerMount> mounts, Path rootfs) throws IOException {
    for (ContainerMount m : mounts) {
      if (m.type() == ContainerMount.Type.VOLUME && m.copyUp()) {
        populate(rootfs, m.destination(), Path.of(m.source()));
      }
    }
  }

  static void populate(Path rootfs, String destination, Path volumeData) throws IOException {
    Path source = RootPath.resolve(rootfs, destination);
    if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (!Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
      throw new ContainerSpecException("cannot mount volume over existing file, file exists "
          + destination);
    }
    try (Stream<Path> existing = Files.list(volumeData)) {
      if (existing.findAny().isPresent()) {
        return;
      }
    }
    try {
      copyTree(source, volumeData);
    } catch (IOException e) {
      throw new IOException("copy the image's " + destination + " into volume " + volumeData
          + ": " + IoErrors.describe(e), e);
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    Map<Object, Path> copiedInodes = new HashMap<>();
    Files.walkFileTree(from, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
          throws IOException {
        Path target = to.resolve(from.relativize(dir).toString());
        if (!dir.equals(from)) {
          Files.createDirectory(target);
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Path target = to.resolve(from.relativize(file).toString());
        Map<String, Object> unix = Files.readAttributes(file,
            "unix:mode,uid,gid,ino,dev,nlink,rdev", LinkOption.NOFOLLOW_LINKS);
        Object inode = List.of(unix.get("dev"), unix.get("ino"));
        if (attrs.isRegularFile() && (Integer) unix.get("nlink") > 1
            && copiedInodes.containsKey(inode)) {
          Files.createLink(target, copiedInodes.get(inode));
          return FileVisitResult.CONTINUE;
        }
        int mode = (Integer) unix.get("mode");
        if (attrs.isRegularFile() || attrs.isSymbolicLink()) {
          Files.copy(file, target, LinkOption.NOFOLLOW_LINKS, StandardCopyOption.COPY_ATTRIBUTES);
        } else if ((mode & DeviceNodes.S_IFMT) == DeviceNodes.S_IFIFO) {
          Posix.mkfifo(target, mode & DeviceNodes.PERMISSION_BITS);
        } else if (attrs.isOther() && ((mode & DeviceNodes.S_IFMT) == DeviceNodes.S_IFCHR
            || (mode & DeviceNodes.S_IFMT) == DeviceNodes.S_IFBLK)) {
          Posix.mknod(target, mode, (Long) unix.get("rdev"));
        } else {
          return FileVisitResult.CONTINUE; // sockets belong to a running process, not an image
        }
        Posix.lchown(target, (Integer) unix.get("uid"), (Integer) unix.get("gid"));
        if (!attrs.isSymbolicLink()) {
          // chown clears setuid/setgid, so the mode goes on after it
          Posix.chmod(target, mode & DeviceNodes.PERMISSION_BITS);
        }
        setTimes(target, attrs.lastModifiedTime());
        if (attrs.isRegularFile()) {
          copiedInodes.put(inode, target);
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        if (e != null) {
          throw e;
        }
        Path target = to.resolve(from.relativize(dir).toString());
        Map<String, Object> unix = Files.readAttributes(dir, "unix:mode,uid,gid",
            LinkOption.NOFOLLOW_LINKS);
        Posix.lchown(target, (Integer) unix.get("uid"), (Integer) unix.get("gid"));
        Posix.chmod(target, (Integer) unix.get("mode") & DeviceNodes.PERMISSION_BITS);
        setTimes(target, Files.getLastModifiedTime(dir, LinkOption.NOFOLLOW_LINKS));
        return FileVisitResult.CONTINUE;
      }
    });
  }

  /** Without opening the file: opening a FIFO would block until a writer came. */
  private static void setTimes(Path target, FileTime time) throws IOException {
    java.time.Instant t = time.toInstant();
    Posix.setTimesNoFollow(target, t.getEpochSecond(), t.getNano());
  }
}
