package dev.edge.runtime.unpack;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * Applies a tar entry's owner, mode, xattrs and mtime to what was just created, in the order the
 * kernel requires: chown clears setuid bits and file capabilities, so it comes first.
 */
final class FileMetadata {
  /** Mode bits a layer may set: permissions plus setuid, setgid and sticky. */
  private static final int MODE_BITS = 07777;
  private static final String CAPABILITY = "security.capability";
  private static final String USER_NAMESPACE = "user.";
  private int skippedXattrs;

  int skippedXattrs() {
    return skippedXattrs;
  }

  /** For files, directories and fifos: things we created ourselves, so chmod cannot follow. */
  void apply(String entry, Path path, TarArchiveEntry tar, Map<String, byte[]> xattrs)
      throws IOException {
    chown(entry, path, tar);
    Posix.chmod(path, tar.getMode() & MODE_BITS);
    setXattrs(path, xattrs);
  }

  /** For symlinks: only the link itself is changed; its mode is meaningless on Linux. */
  void applyToLink(String entry, Path path, TarArchiveEntry tar) throws IOException {
    chown(entry, path, tar);
    setTime(path, tar);
  }

  void setTime(Path path, TarArchiveEntry tar) throws IOException {
    java.time.Instant mtime = tar.getLastModifiedTime().toInstant();
    Posix.setTimesNoFollow(path, mtime.getEpochSecond(), mtime.getNano());
  }

  private void chown(String entry, Path path, TarArchiveEntry tar) throws IOException {
    long uid = tar.getLongUserId();
    long gid = tar.getLongGroupId();
    if (uid < 0 || gid < 0 || uid > Integer.MAX_VALUE || gid > Integer.MAX_VALUE) {
      // containerd CVE-2024-40635: ids past int32 wrap to root.
      throw new LayerRefusedException(entry, "owner " + uid + ":" + gid
          + " is outside 0..2147483647");
    }
    if (uid != 0 || gid != 0) {
      Posix.lchown(path, (int) uid, (int) gid);
    }
  }

  private void setXattrs(Path path, Map<String, byte[]> xattrs) throws IOException {
    for (Map.Entry<String, byte[]> xattr : xattrs.entrySet()) {
      String name = xattr.getKey();
      // trusted.* could forge overlayfs metadata (opaque, redirect); security.selinux and
      // system.* describe the image builder's host, not ours.
      if (name.startsWith(USER_NAMESPACE) || name.equals(CAPABILITY)) {
        Posix.lsetxattr(path, name, xattr.getValue());
      } else {
        skippedXattrs++;
      }
    }
  }
}
