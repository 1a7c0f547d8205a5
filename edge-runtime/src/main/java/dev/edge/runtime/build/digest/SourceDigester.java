package dev.edge.runtime.build.digest;

import dev.edge.runtime.build.context.ContextEntry;
import dev.edge.runtime.build.context.FileStat;
import dev.edge.runtime.build.context.SourceRoot;
import dev.edge.runtime.image.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.List;

/**
 * The content digest of what a COPY/ADD takes from the context, for its cache key: for every
 * entry its path under the source, type, the mode, uid and gid it will be written with, and its
 * content (regular files) or target (links). Source mtimes are left out, as Docker does: touching a
 * file without changing it keeps the cache.
 */
public final class SourceDigester {
  private final FileDigestCache files;

  public SourceDigester(FileDigestCache files) {
    this.files = files;
  }

  /**
   * @param chown the instruction's {@code --chown} as written, or null (root, 0:0); numeric ids
   *     are hashed as ids, names as the text (their meaning comes from the parent image, which is
   *     in the cache key already)
   * @param chmod the {@code --chmod} octal text, or null to keep the files' own modes
   */
  public Digest digest(List<SourceRoot> roots, String chown, String chmod) throws IOException {
    MessageDigest sha = Digest.newSha256();
    Integer mode = chmod == null ? null : Integer.parseInt(chmod, 8);
    Ownership owner = Ownership.of(chown);
    record(sha, "owner", owner.text());
    for (SourceRoot root : roots) {
      record(sha, "root", (root.directory() ? "dir:" : "file:") + root.baseName());
      for (ContextEntry entry : root.entries()) {
        entry(sha, entry, mode, owner);
      }
    }
    return new Digest("sha256", FileDigestCache.hex(sha.digest()));
  }

  private void entry(MessageDigest sha, ContextEntry entry, Integer chmod, Ownership owner)
      throws IOException {
    FileStat stat = entry.stat();
    int permissions = chmod != null && !stat.isSymbolicLink() ? chmod : stat.permissions();
    String content;
    if (stat.isRegularFile()) {
      content = FileDigestCache.hex(files.sha256(entry.path(), stat));
    } else if (stat.isSymbolicLink()) {
      content = Files.readSymbolicLink(entry.path()).toString();
    } else if (stat.type() == FileStat.S_IFCHR || stat.type() == FileStat.S_IFBLK) {
      content = Long.toString(stat.rdev());
    } else {
      content = "";
    }
    record(sha, "entry", entry.relative() + "\0" + Integer.toOctalString(stat.type())
        + "\0" + Integer.toOctalString(permissions) + "\0" + owner.uidText() + ":"
        + owner.gidText() + "\0" + content);
  }

  /** Length-prefixed, so no two different sequences of records hash alike. */
  private static void record(MessageDigest sha, String kind, String value) {
    byte[] bytes = (kind + "=" + value).getBytes(StandardCharsets.UTF_8);
    sha.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
    sha.update(bytes);
  }

  /** The owner entries will have: 0:0 without --chown (Docker's rule), ids, or names. */
  private record Ownership(String text, Integer uid, Integer gid) {
    static Ownership of(String chown) {
      if (chown == null) {
        return new Ownership("0:0", 0, 0);
      }
      String[] parts = chown.split(":", 2);
      Integer uid = parts[0].matches("\\d+") ? Integer.valueOf(parts[0]) : null;
      Integer gid = parts.length == 1 ? uid
          : parts[1].matches("\\d+") ? Integer.valueOf(parts[1]) : null;
      // Docker: a uid without a gid uses the same number as gid, so 1000 and 1000:1000 agree.
      return new Ownership(uid != null && gid != null ? uid + ":" + gid : chown, uid, gid);
    }

    String uidText() {
      return uid == null ? "name" : uid.toString();
    }

    String gidText() {
      return gid == null ? "name" : gid.toString();
    }
  }
}
