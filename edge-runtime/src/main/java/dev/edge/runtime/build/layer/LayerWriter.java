package dev.edge.runtime.build.layer;

import dev.edge.runtime.build.context.FileStat;
import dev.edge.runtime.image.Digest;
import dev.edge.runtime.hash.Sha256;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes a directory (an overlay upper dir after RUN, or a staged COPY tree) as a reproducible
 * gzip layer, computing its diff_id and blob digest in the same pass. Entries come in name order,
 * parents first; overlayfs whiteouts (0/0 character devices) become {@code .wh.NAME} and opaque
 * directories get {@code .wh..wh..opq}; hard links inside the tree are kept; mtimes are whole
 * seconds, clamped to SOURCE_DATE_EPOCH when set; the gzip header has no name, mtime 0 and a
 * fixed OS byte. Owners and modes are written as they are on disk; sockets are left out, as
 * Docker does.
 */
public final class LayerWriter {
  static final String WHITEOUT_PREFIX = ".wh.";
  static final String OPAQUE_MARKER = ".wh..wh..opq";
  /** Go's compress/gzip writes 255 ("unknown") as the OS byte; so do we, on every machine. */
  static final int GZIP_OS_UNKNOWN = 255;
  /** Docker writes a whiteout as an empty regular file with this mode. */
  static final int WHITEOUT_MODE = 0600;
  /**
   * Whiteout and opaque markers are removed when applied, so their time says nothing; overlayfs
   * stamps them with the moment of the delete, which would make every rebuild differ.
   */
  static final FileTime MARKER_TIME = FileTime.fromMillis(0);
  private static final int COPY_BUFFER = 128 * 1024;
  private final LayerOptions options;

  public LayerWriter(LayerOptions options) {
    this.options = options;
  }

  /**
   * Writes the layer of {@code root}'s contents as a plain tar: the blob is its own diff_id.
   * Builds keep layers so, as Docker's builder does, and a push compresses them.
   */
  public LayerDigests writeUncompressed(Path root, OutputStream out) throws IOException {
    DigestingOutputStream tarBytes = new DigestingOutputStream(out, Sha256.newDigest());
    TarEntryWriter tar = new TarEntryWriter(new FilterOutputStream(tarBytes) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        flush();
      }
    });
    Run run = new Run(tar);
    run.directory(root, "");
    tar.stream().finish();
    tarBytes.flush();
    Digest digest = Digest.ofSha256(tarBytes.digest());
    return new LayerDigests(digest, digest, tarBytes.count(), run.entries);
  }

  /** Writes the layer of {@code root}'s contents (not the root itself) to {@code out}. */
  public LayerDigests write(Path root, OutputStream out) throws IOException {
    // OpenSSL's SHA-256 when present: the daemon runs C1-compiled code only, where the JDK's
    // is several times slower. Deflate and the compressed digest run on a second thread.
    DigestingOutputStream compressed = new DigestingOutputStream(out, Sha256.newDigest());
    FixedGzipOutputStream gz = new FixedGzipOutputStream(compressed,
        options.compressionLevel(), GZIP_OS_UNKNOWN);
    DigestingOutputStream uncompressed;
    Run run;
    try {
      try (HandOffOutputStream handOff = new HandOffOutputStream(new FilterOutputStream(gz) {
        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
          gz.finish();
          compressed.flush();
        }
      }, "layer-gzip")) {
        uncompressed = new DigestingOutputStream(handOff, Sha256.newDigest());
        TarEntryWriter tar = new TarEntryWriter(uncompressed);
        run = new Run(tar);
        run.directory(root, "");
        tar.stream().finish();
        uncompressed.flush();
      }
    } finally {
      gz.close(); // frees the deflater's native memory whatever happened
    }
    return new LayerDigests(Digest.ofSha256(uncompressed.digest()),
        Digest.ofSha256(compressed.digest()), compressed.count(), run.entries);
  }

  /** One pass over one tree: the hard links seen so far and the entry count. */
  private final class Run {
    private final TarEntryWriter tar;
    private final Map<List<Long>, String> firstLinkNames = new HashMap<>();
    private final byte[] buffer = new byte[COPY_BUFFER];
    private long entries;

    Run(TarEntryWriter tar) {
      this.tar = tar;
    }

    void directory(Path dir, String name) throws IOException {
      for (String child : sortedNames(dir)) {
        String childName = name.isEmpty() ? child : name + "/" + child;
        Path path = dir.resolve(child);
        FileStat stat = FileStat.of(path);
        entry(path, childName, child, stat);
        if (stat.isDirectory()) {
          directory(path, childName);
        }
      }
    }

    private void entry(Path path, String name, String base, FileStat stat) throws IOException {
      switch (stat.type()) {
        case FileStat.S_IFDIR -> {
          TarArchiveEntry dir = header(name + "/", TarConstants.LF_DIR, stat, stat.permissions());
          put(dir, Xattrs.read(path, stat));
          if (Xattrs.isOpaque(path)) {
            TarArchiveEntry marker = header(name + "/" + OPAQUE_MARKER, TarConstants.LF_NORMAL,
                stat, stat.permissions() & 0777);
            marker.setModTime(MARKER_TIME);
            put(marker, Map.of());
          }
        }
        case FileStat.S_IFREG -> regular(path, name, stat);
        case FileStat.S_IFLNK -> {
          TarArchiveEntry link = header(name, TarConstants.LF_SYMLINK, stat, stat.permissions());
          link.setLinkName(Files.readSymbolicLink(path).toString());
          put(link, Map.of());
        }
        case FileStat.S_IFCHR -> {
          if (stat.rdev() == 0) {
            String parent = name.substring(0, name.length() - base.length());
            TarArchiveEntry whiteout = header(parent + WHITEOUT_PREFIX + base,
                TarConstants.LF_NORMAL, stat, WHITEOUT_MODE);
            whiteout.setModTime(MARKER_TIME);
            put(whiteout, Map.of());
          } else {
            put(device(name, TarConstants.LF_CHR, stat), Map.of());
          }
        }
        case FileStat.S_IFBLK -> put(device(name, TarConstants.LF_BLK, stat), Map.of());
        case FileStat.S_IFIFO -> put(header(name, TarConstants.LF_FIFO, stat, stat.permissions()),
            Map.of());
        default -> {
          // sockets belong to a running process, never to an image
        }
      }
    }

    private void regular(Path path, String name, FileStat stat) throws IOException {
      if (stat.links() > 1) {
        List<Long> key = List.of(stat.device(), stat.inode());
        String first = firstLinkNames.putIfAbsent(key, name);
        if (first != null) {
          TarArchiveEntry link = header(name, TarConstants.LF_LINK, stat, stat.permissions());
          link.setLinkName(first);
          put(link, Map.of());
          return;
        }
      }
      TarArchiveEntry file = header(name, TarConstants.LF_NORMAL, stat, stat.permissions());
      file.setSize(stat.size());
      open(file, Xattrs.read(path, stat));
      long written = 0;
      try (InputStream in = Files.newInputStream(path)) {
        int n;
        while (written < stat.size() && (n = in.read(buffer, 0,
            (int) Math.min(buffer.length, stat.size() - written))) > 0) {
          tar.stream().write(buffer, 0, n);
          written += n;
        }
      }
      if (written != stat.size()) {
        throw new IOException("layer entry " + name + ": " + path + " shrank from "
            + stat.size() + " to " + written + " bytes while it was written");
      }
      tar.stream().closeArchiveEntry();
    }

    private TarArchiveEntry device(String name, byte type, FileStat stat) {
      TarArchiveEntry entry = header(name, type, stat, stat.permissions());
      entry.setDevMajor(major(stat.rdev()));
      entry.setDevMinor(minor(stat.rdev()));
      return entry;
    }

    private TarArchiveEntry header(String name, byte type, FileStat stat, int mode) {
      TarArchiveEntry entry = new TarArchiveEntry(name, type, true);
      entry.setMode(mode);
      entry.setUserId((long) stat.uid());
      entry.setGroupId((long) stat.gid());
      entry.setUserName("");
      entry.setGroupName("");
      long seconds = Math.floorDiv(stat.mtimeNanos(), 1_000_000_000L);
      entry.setModTime(FileTime.fromMillis(options.clamp(seconds) * 1000L));
      return entry;
    }

    /** An entry without data, complete once written. */
    private void put(TarArchiveEntry entry, Map<String, byte[]> xattrs) throws IOException {
      open(entry, xattrs);
      tar.stream().closeArchiveEntry();
    }

    /** An entry whose data the caller writes before closing it. */
    private void open(TarArchiveEntry entry, Map<String, byte[]> xattrs) throws IOException {
      tar.put(entry, xattrs);
      entries++;
    }
  }

  /** Linux's encoding of device numbers (glibc's gnu_dev_major/minor). */
  static int major(long rdev) {
    return (int) (((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL));
  }

  static int minor(long rdev) {
    return (int) ((rdev & 0xff) | ((rdev >>> 12) & ~0xffL));
  }

  /** Children by the bytes of their UTF-8 names, so order is the same on every machine. */
  private static List<String> sortedNames(Path dir) throws IOException {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
      for (Path child : children) {
        names.add(child.getFileName().toString());
      }
    }
    names.sort((a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8),
        b.getBytes(StandardCharsets.UTF_8)));
    return names;
  }
}
