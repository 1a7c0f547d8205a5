package dev.edge.agent.artifacts;

import dev.edge.runtime.image.MediaTypes.Compression;
import dev.edge.runtime.unpack.Decompressors;
import dev.edge.runtime.unpack.Limits;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Unpacks a source tarball (plain, gzip or zstd, by its magic bytes) into a directory, refusing anything that
 * could reach outside it: absolute names, {@code ..}, symlinks whose target leaves the tree, hard links to
 * anything but a file already unpacked, writes through a symlinked parent. Only directories, files and such links
 * are made; owners, setuid bits, xattrs and device nodes are not carried over.
 *
 * <p>Not {@code LayerUnpacker}: that one restores an image layer faithfully (owners, setuid, file capabilities,
 * symlinks stored verbatim wherever they point), which is right inside a container's root and wrong for a
 * fleet-supplied source tree that the root daemon reads afterwards. Its {@link Decompressors} and {@link Limits}
 * are shared.
 */
public final class SafeUntar {
  private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
  private static final int BUFFER = 64 * 1024;

  private final Limits limits;

  public SafeUntar(Limits limits) {
    this.limits = limits;
  }

  /** What was unpacked. */
  public record Result(long entries, long bytes) {}

  /**
   * Unpacks {@code tarball} into {@code target}, which must be empty or missing.
   *
   * @throws ArtifactException naming the entry that was refused and why
   */
  public Result extract(Path tarball, Path target) throws IOException {
    Files.createDirectories(target);
    Path root = target.toRealPath();
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(tarball), BUFFER);
         InputStream tar = Decompressors.open(raw, compressionOf(raw));
         TarArchiveInputStream entries = new TarArchiveInputStream(tar, StandardCharsets.UTF_8.name())) {
      long count = 0;
      long bytes = 0;
      TarArchiveEntry entry;
      while ((entry = next(entries)) != null) {
        if (++count > limits.maxEntries()) {
          throw refused(entry, "more than " + limits.maxEntries() + " entries");
        }
        bytes += unpack(root, entry, entries, limits.maxUncompressedBytes() - bytes);
      }
      if (count == 0) {
        throw new ArtifactException("tarball " + tarball.getFileName() + " holds no entries");
      }
      return new Result(count, bytes);
    }
  }

  private static TarArchiveEntry next(TarArchiveInputStream entries) throws ArtifactException {
    try {
      return entries.getNextEntry();
    } catch (IOException | IllegalArgumentException e) {
      throw new ArtifactException("tarball is not a readable tar: " + e.getMessage(), e);
    }
  }

  private long unpack(Path root, TarArchiveEntry entry, InputStream data, long budget) throws IOException {
    String clean = clean(entry);
    if (clean.isEmpty()) {
      if (!entry.isDirectory()) {
        throw refused(entry, "only a directory can be the top of the tree");
      }
      return 0;
    }
    Path path = root.resolve(clean);
    prepareParents(root, entry, clean);
    if (entry.isDirectory()) {
      BasicFileAttributes existing = lstat(path);
      if (existing == null) {
        Files.createDirectory(path);
      } else if (!existing.isDirectory()) {
        throw refused(entry, "a directory where the tarball already put a file or link");
      }
      return 0;
    }
    clear(path, entry);
    if (entry.isSymbolicLink()) {
      Files.createSymbolicLink(path, Path.of(symlinkTarget(entry, clean)));
      return 0;
    }
    if (entry.isLink()) {
      hardLink(root, entry, path);
      return 0;
    }
    if (!entry.isFile() || entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
      throw refused(entry, "unsupported entry type '" + (char) entry.getLinkFlag() + "' (a source tree holds"
          + " files, directories and links only)");
    }
    return regularFile(entry, data, path, budget);
  }

  /** {@code a/b} for {@code ./a//b/}; absolute names and {@code ..} are refused rather than cleaned. */
  String clean(TarArchiveEntry entry) throws ArtifactException {
    String name = entry.getName();
    if (name.indexOf('\0') >= 0) {
      throw refused(entry, "the name contains a NUL byte");
    }
    if (name.startsWith("/")) {
      throw refused(entry, "absolute path");
    }
    if (name.getBytes(StandardCharsets.UTF_8).length > limits.maxPathBytes()) {
      throw refused(entry, "path longer than " + limits.maxPathBytes() + " bytes");
    }
    StringBuilder clean = new StringBuilder();
    for (String part : name.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        throw refused(entry, "the path contains \"..\" and could escape the project directory");
      }
      if (part.getBytes(StandardCharsets.UTF_8).length > Limits.MAX_NAME_BYTES) {
        throw refused(entry, "a path component is longer than " + Limits.MAX_NAME_BYTES + " bytes");
      }
      clean.append(clean.length() == 0 ? "" : "/").append(part);
    }
    return clean.toString();
  }

  /** Creates missing parents; a parent that is a symlink or a file is refused, so no write leaves the root. */
  private static void prepareParents(Path root, TarArchiveEntry entry, String clean) throws IOException {
    Path dir = root;
    String[] parts = clean.split("/");
    for (int i = 0; i < parts.length - 1; i++) {
      dir = dir.resolve(parts[i]);
      BasicFileAttributes attrs = lstat(dir);
      if (attrs == null) {
        Files.createDirectory(dir);
      } else if (attrs.isSymbolicLink()) {
        throw refused(entry, "parent " + root.relativize(dir) + " is a symlink; writing through it could"
            + " escape the project directory");
      } else if (!attrs.isDirectory()) {
        throw refused(entry, "parent " + root.relativize(dir) + " is not a directory");
      }
    }
  }

  /** A later entry of the same name replaces a file or link; a directory stays in the way. */
  private static void clear(Path path, TarArchiveEntry entry) throws IOException {
    BasicFileAttributes attrs = lstat(path);
    if (attrs != null && attrs.isDirectory()) {
      throw refused(entry, "a file or link where the tarball already made a directory");
    }
    if (attrs != null) {
      Files.delete(path);
    }
  }

  /** The target as stored, if following it from the link's own directory stays inside the tree. */
  private static String symlinkTarget(TarArchiveEntry entry, String clean) throws ArtifactException {
    String target = entry.getLinkName();
    if (target == null || target.isEmpty() || target.indexOf('\0') >= 0) {
      throw refused(entry, "symlink with an empty or NUL-containing target");
    }
    if (target.startsWith("/")) {
      throw refused(entry, "symlink to the absolute path " + target + " leaves the project directory");
    }
    // The link's directory is a real one (parents are never links), so leading ".." count from its true depth.
    // A ".." after a name is refused: the name may itself be a link (to "." say), and then ".." climbs from
    // wherever that leads, which counting names cannot know.
    int depth = clean.split("/").length - 1;
    boolean descended = false;
    for (String part : target.split("/")) {
      if (part.equals("..")) {
        if (descended) {
          throw refused(entry, "symlink to " + target + ": \"..\" after a name could leave the project"
              + " directory through another link");
        }
        if (--depth < 0) {
          throw refused(entry, "symlink to " + target + " leaves the project directory");
        }
      } else if (!part.isEmpty() && !part.equals(".")) {
        descended = true;
      }
    }
    return target;
  }

  private void hardLink(Path root, TarArchiveEntry entry, Path path) throws IOException {
    TarArchiveEntry asName = new TarArchiveEntry(entry.getLinkName());
    String target;
    try {
      target = clean(asName);
    } catch (ArtifactException e) {
      throw refused(entry, "hard-link target " + entry.getLinkName() + " is outside the project directory");
    }
    Path existing = root.resolve(target);
    BasicFileAttributes attrs = target.isEmpty() ? null : lstat(existing);
    if (attrs == null || !attrs.isRegularFile() || !existing.getParent().toRealPath().startsWith(root)) {
      throw refused(entry, "hard-link target " + entry.getLinkName() + " is not a file unpacked before it");
    }
    Files.createLink(path, existing);
  }

  private static long regularFile(TarArchiveEntry entry, InputStream data, Path path, long budget)
      throws IOException {
    long written = 0;
    try (OutputStream out = Files.newOutputStream(path, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE)) {
      byte[] buffer = new byte[BUFFER];
      for (int n; (n = data.read(buffer)) >= 0; ) {
        written += n;
        if (written > budget) {
          throw refused(entry, "the unpacked tree is larger than the limit");
        }
        out.write(buffer, 0, n);
      }
    }
    // the owner's bits only, spread as git does: executable or not, never setuid
    boolean executable = (entry.getMode() & 0100) != 0;
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
    return written;
  }

  private static BasicFileAttributes lstat(Path path) throws IOException {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class, NOFOLLOW);
    } catch (java.nio.file.NoSuchFileException e) {
      return null;
    }
  }

  /** By the magic bytes: gzip 1f 8b, zstd 28 b5 2f fd, else a plain tar. */
  static Compression compressionOf(InputStream in) throws IOException {
    in.mark(4);
    byte[] magic = in.readNBytes(4);
    in.reset();
    if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
      return Compression.GZIP;
    }
    if (magic.length == 4 && (magic[0] & 0xff) == 0x28 && (magic[1] & 0xff) == 0xb5
        && (magic[2] & 0xff) == 0x2f && (magic[3] & 0xff) == 0xfd) {
      return Compression.ZSTD;
    }
    return Compression.NONE;
  }

  private static ArtifactException refused(TarArchiveEntry entry, String why) {
    return new ArtifactException("tarball entry " + entry.getName() + ": " + why);
  }
}
