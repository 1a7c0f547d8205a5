package dev.edge.runtime.build.digest;

import dev.edge.runtime.build.context.FileStat;
import dev.edge.runtime.fs.AtomicFiles;
import dev.edge.runtime.image.Digest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SHA-256 of context files, remembered on disk by path with the file's device, inode, size,
 * mtime and ctime, so an unchanged context is re-read only in its stat data. A file changed within
 * {@link #RACY_WINDOW} of being hashed is not remembered (git's "racy" rule): a write in the same
 * timestamp tick would otherwise go unseen. A damaged cache file is dropped, never trusted.
 *
 * <p>Thread-safe; {@link #save} writes atomically (temp, fsync, rename).
 */
public final class FileDigestCache {
  /** Coarsest mtime granularity we may meet: FAT on an SD card keeps 2 s. */
  public static final Duration RACY_WINDOW = Duration.ofSeconds(2);
  private static final Logger LOG = LoggerFactory.getLogger(FileDigestCache.class);
  private static final String MAGIC = "edge-file-digests-v1";
  private static final int DIGEST_BYTES = 32;
  private static final int READ_BUFFER = 128 * 1024;
  private final Path file;
  private final Duration racyWindow;
  private final Map<String, Entry> entries;
  private boolean dirty;
  private long hashedFiles;

  private record Entry(long device, long inode, long size, long mtimeNanos, long ctimeNanos,
      byte[] sha256) {
    boolean matches(FileStat stat) {
      return device == stat.device() && inode == stat.inode() && size == stat.size()
          && mtimeNanos == stat.mtimeNanos() && ctimeNanos == stat.ctimeNanos();
    }
  }

  private FileDigestCache(Path file, Duration racyWindow, Map<String, Entry> entries) {
    this.file = file;
    this.racyWindow = racyWindow;
    this.entries = entries;
  }

  /** The cache kept in {@code file} (created on the first save); a missing file is empty. */
  public static FileDigestCache open(Path file) throws IOException {
    return open(file, RACY_WINDOW);
  }

  /** As {@link #open(Path)} with another racy window (tests use a short one). */
  static FileDigestCache open(Path file, Duration racyWindow) throws IOException {
    Map<String, Entry> entries = new HashMap<>();
    try {
      read(Files.readAllBytes(file), entries);
    } catch (NoSuchFileException e) {
      // first build of this context
    } catch (IOException | RuntimeException e) {
      LOG.warn("file digest cache {} is unreadable ({}); starting it again", file, e.toString());
      entries.clear();
    }
    return new FileDigestCache(file, racyWindow, entries);
  }

  /** The per-context cache file under a builder's state directory. */
  public static Path fileFor(Path stateDir, Path contextRoot) {
    String key = Digest.sha256(contextRoot.toAbsolutePath().normalize().toString()
        .getBytes(StandardCharsets.UTF_8)).hex();
    return stateDir.resolve("file-digests").resolve(key);
  }

  /** The content digest of the regular file at {@code path} whose lstat is {@code stat}. */
  public synchronized byte[] sha256(Path path, FileStat stat) throws IOException {
    String key = path.toAbsolutePath().toString();
    Entry known = entries.get(key);
    if (known != null && known.matches(stat)) {
      return known.sha256;
    }
    long started = System.currentTimeMillis();
    byte[] digest = hash(path);
    hashedFiles++;
    FileStat after = FileStat.of(path);
    long racyLimitNanos = (started - racyWindow.toMillis()) * 1_000_000L;
    if (after.equals(stat) && stat.mtimeNanos() < racyLimitNanos
        && stat.ctimeNanos() < racyLimitNanos) {
      entries.put(key, new Entry(stat.device(), stat.inode(), stat.size(), stat.mtimeNanos(),
          stat.ctimeNanos(), digest));
      dirty = true;
    } else if (known != null) {
      entries.remove(key);
      dirty = true;
    }
    return digest;
  }

  /** How many files this instance has read in full (the rest came from the cache). */
  public synchronized long hashedFiles() {
    return hashedFiles;
  }

  /** Writes the cache if anything changed since it was opened or last saved. */
  public synchronized void save() throws IOException {
    if (!dirty) {
      return;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeUTF(MAGIC);
      out.writeInt(entries.size());
      for (Map.Entry<String, Entry> e : entries.entrySet()) {
        out.writeUTF(e.getKey());
        Entry v = e.getValue();
        out.writeLong(v.device);
        out.writeLong(v.inode);
        out.writeLong(v.size);
        out.writeLong(v.mtimeNanos);
        out.writeLong(v.ctimeNanos);
        out.write(v.sha256);
      }
    }
    AtomicFiles.write(file, bytes.toByteArray());
    dirty = false;
  }

  private static void read(byte[] bytes, Map<String, Entry> into) throws IOException {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      if (!MAGIC.equals(in.readUTF())) {
        throw new IOException("not a file digest cache");
      }
      int count = in.readInt();
      for (int i = 0; i < count; i++) {
        String path = in.readUTF();
        long device = in.readLong();
        long inode = in.readLong();
        long size = in.readLong();
        long mtime = in.readLong();
        long ctime = in.readLong();
        byte[] sha = new byte[DIGEST_BYTES];
        in.readFully(sha);
        into.put(path, new Entry(device, inode, size, mtime, ctime, sha));
      }
      if (in.read() != -1) {
        throw new IOException("trailing bytes");
      }
    }
  }

  private static byte[] hash(Path path) throws IOException {
    MessageDigest sha = Digest.newSha256();
    byte[] buffer = new byte[READ_BUFFER];
    try (InputStream in = Files.newInputStream(path)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        sha.update(buffer, 0, n);
      }
    }
    return sha.digest();
  }

  static String hex(byte[] digest) {
    return HexFormat.of().formatHex(digest);
  }
}
