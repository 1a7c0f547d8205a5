package dev.edge.runtime.unpack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/** One run of the unpacker over one layer: writes each entry and keeps the run's counters. */
final class LayerApplication {
  private final LayerTree tree;
  private final WhiteoutWriter whiteoutWriter;
  private final FileMetadata metadata = new FileMetadata();
  private final Limits limits;
  private final byte[] buffer;
  /** Directory times are set last: creating children changes them. */
  private final List<Path> directories = new ArrayList<>();
  private final List<Instant> directoryTimes = new ArrayList<>();
  private long entries;
  private int skippedDevices;
  private String lastEntry = "(start of layer)";

  LayerApplication(LayerTree tree, Whiteouts whiteouts, Limits limits, byte[] buffer) {
    this.tree = tree;
    this.whiteoutWriter = new WhiteoutWriter(whiteouts, tree);
    this.limits = limits;
    this.buffer = buffer;
  }

  void apply(TarArchiveEntry entry, InputStream data, byte[] rawPax) throws IOException {
    String name = entry.getName();
    lastEntry = name;
    if (++entries > limits.maxEntries()) {
      throw new LayerRefusedException(name, "more than " + limits.maxEntries()
          + " entries (Limits.maxEntries)");
    }
    String clean = EntryNames.clean(name, name, limits);
    String base = EntryNames.baseName(clean);
    if (isAufsMetadata(clean)) {
      return;
    }
    if (base.startsWith(WhiteoutWriter.PREFIX)) {
      whiteout(name, clean, base);
      return;
    }
    Map<String, byte[]> xattrs = rawPax == null ? Map.of() : PaxXattrs.parse(rawPax);
    if (entry.isDirectory()) {
      directory(name, clean, entry, xattrs);
    } else if (entry.isSymbolicLink()) {
      symlink(name, clean, entry);
    } else if (entry.isLink()) {
      hardLink(name, clean, entry);
    } else if (entry.isCharacterDevice() || entry.isBlockDevice()) {
      skippedDevices++;
    } else if (entry.isFIFO()) {
      fifo(name, clean, entry, xattrs);
    } else if (entry.isFile()) {
      regularFile(name, clean, entry, data, xattrs);
    } else {
      throw new LayerRefusedException(name, "unsupported tar entry type '"
          + (char) entry.getLinkFlag() + "'");
    }
  }

  void finish() throws IOException {
    for (int i = directories.size() - 1; i >= 0; i--) {
      Instant time = directoryTimes.get(i);
      Posix.setTimesNoFollow(directories.get(i), time.getEpochSecond(), time.getNano());
    }
  }

  private void whiteout(String name, String clean, String base) throws IOException {
    String parent = EntryNames.parentOf(clean);
    if (base.equals(WhiteoutWriter.OPAQUE)) {
      whiteoutWriter.opaque(name, parent);
      return;
    }
    String hidden = base.substring(WhiteoutWriter.PREFIX.length());
    if (hidden.isEmpty() || hidden.equals(".") || hidden.equals("..")) {
      throw new LayerRefusedException(name, "whiteout names no file");
    }
    whiteoutWriter.remove(name, EntryNames.child(parent, hidden));
  }

  /** AUFS's own bookkeeping ({@code .wh..wh.plnk} and friends) is never materialised. */
  private static boolean isAufsMetadata(String clean) {
    for (String component : clean.split("/")) {
      if (component.startsWith(WhiteoutWriter.META_PREFIX)
          && !component.equals(WhiteoutWriter.OPAQUE)) {
        return true;
      }
    }
    return false;
  }

  private void directory(String name, String clean, TarArchiveEntry entry,
      Map<String, byte[]> xattrs) throws IOException {
    Path path;
    if (clean.isEmpty()) {
      path = tree.root();
    } else {
      tree.prepareParent(name, clean);
      tree.removeForReplacement(clean, true);
      path = tree.resolve(clean);
      if (tree.lstat(clean) == null) {
        Files.createDirectory(path);
      }
      tree.markDirectory(clean);
      tree.markWritten(clean);
    }
    metadata.apply(name, path, entry, xattrs);
    directories.add(path);
    directoryTimes.add(entry.getLastModifiedTime().toInstant());
  }

  private void regularFile(String name, String clean, TarArchiveEntry entry, InputStream data,
      Map<String, byte[]> xattrs) throws IOException {
    Path path = prepared(name, clean);
    try (OutputStream out = replacing(clean, path, () -> Files.newOutputStream(path,
        StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))) {
      int n;
      while ((n = data.read(buffer, 0, buffer.length)) >= 0) {
        out.write(buffer, 0, n);
      }
    }
    metadata.apply(name, path, entry, xattrs);
    metadata.setTime(path, entry);
  }

  private void symlink(String name, String clean, TarArchiveEntry entry) throws IOException {
    String target = entry.getLinkName();
    if (target.isEmpty() || target.indexOf('\0') >= 0) {
      throw new LayerRefusedException(name, "symlink with an empty or NUL-containing target");
    }
    Path path = prepared(name, clean);
    // Stored verbatim and never followed here: /bin/sh -> /bin/busybox is normal in images.
    replacing(clean, path, () -> Files.createSymbolicLink(path, Paths.get(target)));
    metadata.applyToLink(name, path, entry);
  }

  private void hardLink(String name, String clean, TarArchiveEntry entry) throws IOException {
    String target = EntryNames.cleanLinkTarget(name, entry.getLinkName(), limits);
    if (!tree.parentsExist(name, target)) {
      throw new LayerRefusedException(name, "hard-link target " + target
          + " is not in this layer");
    }
    BasicFileAttributes attrs = tree.lstat(target);
    if (attrs == null) {
      throw new LayerRefusedException(name, "hard-link target " + target
          + " is not in this layer");
    }
    if (attrs.isDirectory()) {
      throw new LayerRefusedException(name, "hard link to directory " + target);
    }
    if (target.equals(clean)) {
      return;
    }
    Path path = prepared(name, clean);
    // link(2) on Linux links a symlink itself rather than following it.
    replacing(clean, path, () -> Files.createLink(path, tree.resolve(target)));
  }

  private void fifo(String name, String clean, TarArchiveEntry entry, Map<String, byte[]> xattrs)
      throws IOException {
    Path path = replaceable(name, clean);
    Posix.mkfifo(path, 0600);
    metadata.apply(name, path, entry, xattrs);
    metadata.setTime(path, entry);
  }

  /**
   * Runs {@code create}, which fails with FileAlreadyExistsException (O_EXCL) when anything is at
   * {@code path}; only then is that removed and {@code create} run again. Most paths are new, so
   * this saves an lstat and the exception its miss costs on every file.
   */
  private <T> T replacing(String clean, Path path, Creation<T> create) throws IOException {
    try {
      return create.run();
    } catch (FileAlreadyExistsException e) {
      tree.removeForReplacement(clean, false);
      return create.run();
    }
  }

  private interface Creation<T> {
    T run() throws IOException;
  }

  /** Parents checked and the path recorded as this layer's; whatever is there is not touched. */
  private Path prepared(String name, String clean) throws IOException {
    if (clean.isEmpty()) {
      throw new LayerRefusedException(name, "only a directory can be the layer root");
    }
    tree.prepareParent(name, clean);
    tree.markWritten(clean);
    return tree.resolve(clean);
  }

  /** Parents checked, whatever was at the path removed, the path recorded as this layer's. */
  private Path replaceable(String name, String clean) throws IOException {
    Path path = prepared(name, clean);
    tree.removeForReplacement(clean, false);
    return path;
  }

  long entries() {
    return entries;
  }

  int skippedDevices() {
    return skippedDevices;
  }

  int skippedXattrs() {
    return metadata.skippedXattrs();
  }

  String lastEntry() {
    return lastEntry;
  }
}
