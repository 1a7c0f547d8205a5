package dev.edge.runtime.registry;

import dev.edge.runtime.fs.BulkInputStream;
import java.io.IOException;
import java.io.InputStream;

/** The next {@code limit} bytes of a shared stream; closing it leaves the shared stream open. */
final class BoundedInputStream extends BulkInputStream {
  private final InputStream in;
  private long remaining;

  BoundedInputStream(InputStream in, long limit) {
    this.in = in;
    this.remaining = limit;
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
