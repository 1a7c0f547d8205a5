package dev.edge.runtime.store;

import dev.edge.runtime.fs.AtomicFiles;
import dev.edge.runtime.fs.BulkInputStream;
import dev.edge.runtime.image.Digest;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;

/** An ingest of {@link LocalContentStore}: appends to {@code data}, hashing every byte once. */
final class LocalIngest implements Ingest {
  private static final int READ_BUFFER = 128 * 1024;
  private final LocalContentStore store;
  private final Path dir;
  private final Path data;
  private final String ref;
  private final Digest expected;
  private final long expectedSize;
  private final MessageDigest sha256 = Digest.newSha256();
  /** How many bytes of {@code data}, from the start, have gone through {@link #sha256}. */
  private long hashed;
  private long written;
  private FileOutputStream out;
  private boolean finished;

  LocalIngest(LocalContentStore store, Path dir, String ref, Digest expected, long expectedSize)
      throws IOException {
    this.store = store;
    this.dir = dir;
    this.data = dir.resolve(LocalContentStore.DATA);
    this.ref = ref;
    this.expected = expected;
    this.expectedSize = expectedSize;
    this.written = Files.exists(data) ? Files.size(data) : 0;
  }

  @Override
  public String ref() {
    return ref;
  }

  @Override
  public Digest expected() {
    return expected;
  }

  @Override
  public long expectedSize() {
    return expectedSize;
  }

  @Override
  public long offset() {
    return written;
  }

  @Override
  public OutputStream outputStream() throws IOException {
    requireOpen();
    hashStoredBytes(null);
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        append(b, off, len);
      }
    };
  }

  @Override
  public InputStream tee(InputStream remainder) throws IOException {
    requireOpen();
    if (hashed != 0) {
      throw new IllegalStateException("ingest " + ref + ": tee() must be the first reader");
    }
    return new TeeStream(remainder);
  }

  @Override
  public Path commit() throws IOException {
    requireOpen();
    try {
      if (out != null) {
        out.getChannel().force(true);
        out.close();
        out = null;
      }
      long size = Files.exists(data) ? Files.size(data) : 0;
      if (size != expectedSize) {
        abort();
        throw new SizeMismatchException(ref, expectedSize, size, "got " + size
            + (size < expectedSize ? " (truncated)" : ""));
      }
      Digest actual = hashed == size ? Digest.ofSha256(sha256) : hashWholeFile();
      if (!actual.equals(expected)) {
        abort();
        throw new DigestMismatchException(ref, expected, actual);
      }
      Path blob = store.blobPath(expected);
      if (!Files.exists(blob)) {
        if (!Files.exists(data)) {
          Files.createFile(data);
        }
        forceFile(data);
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("r--r--r--"));
        AtomicFiles.moveAtomically(data, blob);
        AtomicFiles.fsyncDirectory(store.blobsDirectory());
      }
      LocalContentStore.deleteIngestDirectory(dir);
      return blob;
    } finally {
      finish();
    }
  }

  @Override
  public void abort() throws IOException {
    try {
      closeOutput();
      LocalContentStore.deleteIngestDirectory(dir);
    } finally {
      finish();
    }
  }

  @Override
  public void close() throws IOException {
    if (!finished) {
      try {
        closeOutput();
      } finally {
        finish();
      }
    }
  }

  private void append(byte[] b, int off, int len) throws IOException {
    requireOpen();
    if (written + len > expectedSize) {
      long attempted = written + len;
      abort();
      throw new SizeMismatchException(ref, expectedSize, attempted, "the source sent at least "
          + attempted);
    }
    if (out == null) {
      out = new FileOutputStream(data.toFile(), true);
    }
    out.write(b, off, len);
    if (hashed == written) {
      sha256.update(b, off, len);
      hashed += len;
    }
    written += len;
  }

  /**
   * Feeds the bytes already on disk through the hasher, re-reading the file rather than trusting
   * any saved state; hands them to {@code sink} too when one is given.
   */
  private void hashStoredBytes(OutputStream sink) throws IOException {
    if (hashed == written) {
      return;
    }
    try (FileChannel channel = FileChannel.open(data, StandardOpenOption.READ)) {
      channel.position(hashed);
      ByteBuffer buffer = ByteBuffer.allocate(READ_BUFFER);
      while (hashed < written) {
        buffer.clear().limit((int) Math.min(buffer.capacity(), written - hashed));
        int n = channel.read(buffer);
        if (n < 0) {
          throw new IOException("ingest " + ref + ": data shrank while resuming");
        }
        sha256.update(buffer.array(), 0, n);
        if (sink != null) {
          sink.write(buffer.array(), 0, n);
        }
        hashed += n;
      }
    }
  }

  private Digest hashWholeFile() throws IOException {
    MessageDigest fresh = Digest.newSha256();
    byte[] buffer = new byte[READ_BUFFER];
    try (InputStream in = Files.exists(data) ? Files.newInputStream(data)
        : InputStream.nullInputStream()) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        fresh.update(buffer, 0, n);
      }
    }
    return Digest.ofSha256(fresh);
  }

  private static void forceFile(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
  }

  private void closeOutput() throws IOException {
    if (out != null) {
      out.close();
      out = null;
    }
  }

  private void finish() {
    if (!finished) {
      finished = true;
      store.release(ref);
    }
  }

  private void requireOpen() {
    if (finished) {
      throw new IllegalStateException("ingest " + ref + " is already committed, aborted or closed");
    }
  }

  /** Stored bytes first (read back, not rewritten), then the remainder, stored as it passes. */
  private final class TeeStream extends BulkInputStream {
    private final InputStream remainder;
    private final long storedAtStart = written;
    private FileChannel stored;

    TeeStream(InputStream remainder) {
      this.remainder = remainder;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (hashed < storedAtStart) {
        return readStored(b, off, len);
      }
      int n = remainder.read(b, off, len);
      if (n > 0) {
        append(b, off, n);
      }
      return n;
    }

    private int readStored(byte[] b, int off, int len) throws IOException {
      if (stored == null) {
        stored = FileChannel.open(data, StandardOpenOption.READ);
        stored.position(hashed);
      }
      int want = (int) Math.min(len, storedAtStart - hashed);
      int n = stored.read(ByteBuffer.wrap(b, off, want));
      if (n < 0) {
        throw new IOException("ingest " + ref + ": data shrank while resuming");
      }
      sha256.update(b, off, n);
      hashed += n;
      if (hashed == storedAtStart) {
        stored.close();
        stored = null;
      }
      return n;
    }

    @Override
    public void close() throws IOException {
      if (stored != null) {
        stored.close();
      }
    }
  }
}
