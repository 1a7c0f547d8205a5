package dev.edge.runtime.unpack;

import dev.edge.runtime.image.Digest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Hashes and counts the uncompressed tar as the reader consumes it (that hash is the diff_id), and
 * stops a decompression bomb at the byte limit.
 */
final class UncompressedDigestStream extends FilterInputStream {
  private static final int SKIP_BUFFER = 16 * 1024;
  private final MessageDigest sha256 = Digest.newSha256();
  private final long limit;
  private long count;

  UncompressedDigestStream(InputStream in, long limit) {
    super(in);
    this.limit = limit;
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      sha256.update((byte) b);
      advance(1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n > 0) {
      sha256.update(b, off, n);
      advance(n);
    }
    return n;
  }

  /** Skipped bytes are part of the diff_id too, so they are read, not skipped. */
  @Override
  public long skip(long n) throws IOException {
    byte[] buffer = new byte[(int) Math.min(SKIP_BUFFER, Math.max(n, 1))];
    long skipped = 0;
    while (skipped < n) {
      int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
      if (r < 0) {
        break;
      }
      skipped += r;
    }
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  /** Reads to the end: the diff_id covers the tar's trailing zero blocks and any padding. */
  void drain(byte[] buffer) throws IOException {
    while (read(buffer, 0, buffer.length) >= 0) {
      // hashing happens in read
    }
  }

  long count() {
    return count;
  }

  Digest digest() {
    return Digest.ofSha256(sha256);
  }

  private void advance(int n) throws LimitExceeded {
    count += n;
    if (count > limit) {
      throw new LimitExceeded("uncompressed layer exceeds " + limit
          + " bytes (Limits.maxUncompressedBytes); a decompression bomb or a layer too large"
          + " for this device");
    }
  }

  /** Thrown mid-read; the unpacker turns it into a refusal naming the entry being read. */
  static final class LimitExceeded extends IOException {
    LimitExceeded(String message) {
      super(message);
    }
  }
}
