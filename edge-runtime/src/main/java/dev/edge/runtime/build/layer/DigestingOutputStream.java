package dev.edge.runtime.build.layer;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;

/** Hashes and counts the bytes on their way through; closing it does not close the target. */
final class DigestingOutputStream extends FilterOutputStream {
  private final MessageDigest digest;
  private long count;

  DigestingOutputStream(OutputStream out, MessageDigest digest) {
    super(out);
    this.digest = digest;
  }

  @Override
  public void write(int b) throws IOException {
    out.write(b);
    digest.update((byte) b);
    count++;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
    digest.update(b, off, len);
    count += len;
  }

  @Override
  public void close() throws IOException {
    flush();
  }

  MessageDigest digest() {
    return digest;
  }

  long count() {
    return count;
  }
}
