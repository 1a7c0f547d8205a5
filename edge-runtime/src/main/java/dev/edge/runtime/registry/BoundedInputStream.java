package dev.edge.runtime.registry;

import java.io.IOException;
import java.io.InputStream;

/** The next {@code limit} bytes of a shared stream; closing it leaves the shared stream open. */
final class BoundedInputStream extends InputStream {
  private final InputStream in;
  private long remaining;

  BoundedInputStream(InputStream in, long limit) {
    this.in = in;
    this.remaining = limit;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (remaining <= 0) {
      return -1;
    }
    int n = in.read(b, off, (int) Math.min(len, remaining));
    if (n < 0) {
      throw new IOException("blob source ended " + remaining + " bytes early");
    }
    remaining -= n;
    return n;
  }

  @Override
  public void close() {
    // the shared stream is closed by its owner
  }
}
