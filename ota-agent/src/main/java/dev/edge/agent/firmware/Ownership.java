package dev.edge.agent.firmware;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Gives what the daemon (root) writes into a project to the user who asked for it. */
final class Ownership {
  private static final java.util.Set<java.nio.file.attribute.PosixFilePermission> READABLE =
      java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--");
  private Ownership() {
  }

  /** Creates {@code dir} and its missing parents under {@code root}, owned by uid:gid. */
  static void createDirectories(Path root, Path dir, int uid, int gid) throws IOException {
    List<Path> missing = new ArrayList<>();
    for (Path p = dir; p != null && p.startsWith(root) && !Files.exists(p, LinkOption.NOFOLLOW_LINKS);
        p = p.getParent()) {
      missing.add(0, p);
    }
    Files.createDirectories(dir);
    for (Path p : missing) {
      chown(p, uid, gid);
    }
  }

  /** Chowns {@code dir} and the files directly in it, making the files readable (0644); failures become warnings. */
  static void give(Path dir, int uid, int gid, Consumer<String> warnings) {
    try {
      chown(dir, uid, gid);
      try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
        for (Path f : files) {
          chown(f, uid, gid);
          if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
            Files.setPosixFilePermissions(f, READABLE); // atomic writes start private
          }
        }
      }
    } catch (IOException | UnsupportedOperationException e) {
      warnings.accept("cannot give " + dir + " to " + uid + ":" + gid + ": " + e.getMessage());
    }
  }

  private static void chown(Path p, int uid, int gid) throws IOException {
    if (!Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS).equals(uid)) {
      Files.setAttribute(p, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
    }
    if (!Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS).equals(gid)) {
      Files.setAttribute(p, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
    }
  }
}
