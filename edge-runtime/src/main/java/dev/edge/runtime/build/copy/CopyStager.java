package dev.edge.runtime.build.copy;

import dev.edge.runtime.build.context.FileStat;
import dev.edge.runtime.build.context.ScopedPaths;
import dev.edge.runtime.fs.FileTrees;
import dev.edge.runtime.unpack.Posix;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes COPY/ADD targets into an image tree: {@code root} is either the step's overlay mount
 * (lower layers visible, so existing directories keep their metadata) or an empty staging
 * directory. Files keep their content, mode and mtime; the owner is the --chown one (root
 * otherwise); --chmod replaces the mode of files and the directories it creates; directories
 * that exist keep their metadata; missing parents are created 0755 with the same owner. Links
 * inside the image are followed only within {@code root}.
 */
public final class CopyStager {
  /** Docker's mode for directories COPY has to create and for heredoc files. */
  static final int NEW_DIRECTORY_MODE = 0755;
  static final int HEREDOC_MODE = 0644;
  private final Ownership owner;
  private final Integer chmod;
  private final Instant heredocTime;

  /**
   * @param chmod the parsed {@code --chmod}, or null to keep modes
   * @param heredocTime the mtime of files written from heredocs (no source file to take it from)
   */
  public CopyStager(Ownership owner, Integer chmod, Instant heredocTime) {
    this.owner = owner;
    this.chmod = chmod;
    this.heredocTime = heredocTime;
  }

  /** Writes every target; returns how many entries were written. */
  public int stage(List<CopyTarget> targets, Path root) throws IOException {
    List<Path> directories = new ArrayList<>();
    List<Long> directoryTimes = new ArrayList<>();
    for (CopyTarget target : targets) {
      Path path = ScopedPaths.resolve(root, target.path());
      createParents(root, target.path());
      if (target.heredoc() != null) {
        replaceWithFile(path);
        Files.writeString(path, target.heredoc().content(), StandardCharsets.UTF_8);
        finish(path, chmod != null ? chmod : HEREDOC_MODE, heredocTime.getEpochSecond());
        continue;
      }
      FileStat stat = target.entry().stat();
      long mtime = Math.floorDiv(stat.mtimeNanos(), 1_000_000_000L);
      switch (stat.type()) {
        case FileStat.S_IFDIR -> {
          // An existing directory keeps its metadata, as BuildKit does: COPY . / must not
          // chmod the image's root to the context directory's mode.
          if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            removeNonDirectory(target.path(), path);
            Files.createDirectory(path);
            Posix.lchown(path, owner.uid(), owner.gid());
            Posix.chmod(path, chmod != null ? chmod : stat.permissions());
            directories.add(path);
            directoryTimes.add(mtime);
          }
        }
        case FileStat.S_IFREG -> {
          replaceWithFile(path);
          Files.copy(target.entry().path(), path, StandardCopyOption.REPLACE_EXISTING);
          finish(path, chmod != null ? chmod : stat.permissions(), mtime);
        }
        case FileStat.S_IFLNK -> {
          replaceWithFile(path);
          Files.createSymbolicLink(path, Files.readSymbolicLink(target.entry().path()));
          Posix.lchown(path, owner.uid(), owner.gid());
          Posix.setTimesNoFollow(path, mtime, 0);
        }
        case FileStat.S_IFIFO -> {
          replaceWithFile(path);
          Posix.mkfifo(path, stat.permissions());
          finish(path, chmod != null ? chmod : stat.permissions(), mtime);
        }
        default -> {
          // sockets and device nodes in a build context are not image content
        }
      }
    }
    // Writing children changed the directories' times: set them last, deepest first.
    for (int i = directories.size() - 1; i >= 0; i--) {
      Posix.setTimesNoFollow(directories.get(i), directoryTimes.get(i), 0);
    }
    return targets.size();
  }

  private void finish(Path path, int mode, long mtime) throws IOException {
    Posix.lchown(path, owner.uid(), owner.gid());
    Posix.chmod(path, mode);
    Posix.setTimesNoFollow(path, mtime, 0);
  }

  private void createParents(Path root, String imagePath) throws IOException {
    String[] parts = imagePath.split("/");
    StringBuilder current = new StringBuilder();
    for (int i = 0; i < parts.length - 1; i++) {
      if (parts[i].isEmpty()) {
        continue;
      }
      current.append('/').append(parts[i]);
      Path dir = ScopedPaths.resolve(root, current.toString());
      if (Files.isDirectory(dir)) {
        continue;
      }
      if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
        throw new IOException("cannot copy to " + imagePath + ": " + current
            + " is not a directory in the image");
      }
      Files.createDirectory(dir);
      Posix.lchown(dir, owner.uid(), owner.gid());
      Posix.chmod(dir, NEW_DIRECTORY_MODE);
    }
  }

  /** A file replaces a file or link of the same name, never a directory (Docker refuses too). */
  private static void replaceWithFile(Path path) throws IOException {
    if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException("cannot replace directory " + path + " with a file");
    }
    Files.deleteIfExists(path);
  }

  private static void removeNonDirectory(String imagePath, Path path) throws IOException {
    if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      if (Files.isSymbolicLink(path) || Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
        throw new IOException("cannot copy directory to " + imagePath
            + ": it is a file in the image");
      }
      FileTrees.delete(path);
    }
  }
}
