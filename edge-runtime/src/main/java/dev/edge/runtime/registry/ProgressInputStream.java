package dev.edge.runtime.registry;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongConsumer;

/** Reports how many bytes have been read so far, counting on from a starting figure. */
final class ProgressInputStream extends FilterInputStream {
  private final LongConsumer progress;
  private long count;

  ProgressInputStream(InputStream in, long start, LongConsumer progress) {
    super(in);
    this.count = start;
    this.progress = progress;
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      progress.accept(++count);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n > 0) {
      count += n;
      progress.accept(count);
    }
    return n;
  }
}
