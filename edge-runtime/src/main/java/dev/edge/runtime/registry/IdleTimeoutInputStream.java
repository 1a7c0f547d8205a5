package dev.edge.runtime.registry;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A response body that is closed when no byte arrives for a while. HttpClient's request timeout
 * ends at the headers, so a stalled link would otherwise block a read for ever.
 */
final class IdleTimeoutInputStream extends FilterInputStream {
  /** How often the watchdog looks, at most; shorter timeouts are checked four times per period. */
  static final Duration MAX_CHECK_PERIOD = Duration.ofSeconds(1);

  private final Duration timeout;
  private final String what;
  private final ScheduledFuture<?> check;
  private volatile long lastProgressNanos = System.nanoTime();
  private volatile boolean timedOut;
  private volatile boolean closed;
  private volatile Thread reader;

  IdleTimeoutInputStream(InputStream in, Duration timeout, ScheduledExecutorService watchdog,
      String what) {
    super(in);
    this.timeout = timeout;
    this.what = what;
    long period = Math.max(10, Math.min(MAX_CHECK_PERIOD.toMillis(), timeout.toMillis() / 4));
    this.check = watchdog.scheduleAtFixedRate(this::checkIdle, period, period, TimeUnit.MILLISECONDS);
  }

  private void checkIdle() {
    if (closed || System.nanoTime() - lastProgressNanos < timeout.toNanos()) {
      return;
    }
    timedOut = true;
    check.cancel(false);
    try {
      in.close();
    } catch (IOException e) {
      // closing is only the means to unblock the reader; its failure changes nothing
    }
    Thread blocked = reader;
    if (blocked != null) {
      blocked.interrupt(); // HttpClient's body stream waits on a queue that close() may not wake
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (timedOut) {
      throw idle();
    }
    reader = Thread.currentThread();
    try {
      int n = in.read(b, off, len);
      if (timedOut) {
        throw idle();
      }
      lastProgressNanos = System.nanoTime();
      return n;
    } catch (IOException e) {
      if (timedOut) {
        throw idle();
      }
      throw e;
    } finally {
      reader = null;
      if (timedOut) {
        Thread.interrupted(); // the interrupt was ours, not the caller's
      }
    }
  }

  private IOException idle() {
    return new IOException(what + ": no data for " + timeout.toSeconds() + "s, connection closed");
  }

  @Override
  public void close() throws IOException {
    closed = true;
    check.cancel(false);
    super.close();
  }
}
