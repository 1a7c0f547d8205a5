package dev.edge.runtime.unpack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ReadAheadInputStreamTest {
  private static byte[] random(int size) {
    byte[] data = new byte[size];
    new Random(size).nextBytes(data);
    return data;
  }

  /** Hands out at most {@code step} bytes per read, like a socket or an inflater. */
  private static InputStream trickle(byte[] data, int step) {
    return new ByteArrayInputStream(data) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, step));
      }
    };
  }

  @Test
  void everyByteArrivesInOrderWhateverTheReadSizes() throws IOException {
    byte[] data = random(1_000_003);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in = new ReadAheadInputStream(trickle(data, 777), 4096, 3, "test")) {
      byte[] buffer = new byte[5000];
      int n;
      int round = 0;
      while ((n = in.read(buffer, 0, 1 + (round++ * 31) % buffer.length)) >= 0) {
        out.write(buffer, 0, n);
      }
      assertEquals(-1, in.read());
    }
    assertArrayEquals(data, out.toByteArray());
  }

  @Test
  void anEmptySourceEndsAtOnce() throws IOException {
    try (InputStream in = new ReadAheadInputStream(InputStream.nullInputStream(), 64, 2, "t")) {
      assertEquals(-1, in.read(new byte[10], 0, 10));
    }
  }

  @Test
  void theSourcesExceptionReachesTheReaderAsTheSameInstanceAfterTheBytesBeforeIt()
      throws IOException {
    IOException broken = new IOException("connection reset mid-blob");
    InputStream source = new InputStream() {
      private int sent;

      @Override
      public int read() throws IOException {
        if (sent == 100) {
          throw broken;
        }
        sent++;
        return 7;
      }
    };
    try (InputStream in = new ReadAheadInputStream(source, 16, 2, "t")) {
      byte[] got = new byte[100];
      int total = 0;
      IOException thrown = null;
      try {
        int n;
        while ((n = in.read(got, total, got.length - total)) > 0) {
          total += n;
        }
      } catch (IOException e) {
        thrown = e;
      }
      assertEquals(100, total);
      assertSame(broken, thrown == null ? assertThrows(IOException.class, in::read) : thrown);
      assertSame(broken, assertThrows(IOException.class, in::read),
          "a read after the failure fails again rather than looking like the end");
    }
  }

  @Test
  void aRuntimeFailureInTheSourceIsRethrownAsIs() throws IOException {
    IllegalStateException failure = new IllegalStateException("inflater broke");
    InputStream source = new InputStream() {
      @Override
      public int read() {
        throw failure;
      }
    };
    try (InputStream in = new ReadAheadInputStream(source, 16, 2, "t")) {
      assertSame(failure, assertThrows(IllegalStateException.class, in::read));
    }
  }

  @Test
  void closeStopsTheThreadBeforeClosingTheSourceAndNeverReadsItAfterwards() throws Exception {
    AtomicBoolean sourceClosed = new AtomicBoolean();
    AtomicInteger readsAfterClose = new AtomicInteger();
    AtomicReference<Thread> readerThread = new AtomicReference<>();
    InputStream endless = new InputStream() {
      @Override
      public int read() {
        return 1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        readerThread.set(Thread.currentThread());
        if (sourceClosed.get()) {
          readsAfterClose.incrementAndGet();
        }
        return len;
      }

      @Override
      public void close() {
        sourceClosed.set(true);
      }
    };
    InputStream in = new ReadAheadInputStream(endless, 1024, 2, "t");
    assertEquals(1024, in.read(new byte[1024], 0, 1024));
    in.close(); // the thread is blocked on a full queue here
    assertTrue(sourceClosed.get());
    readerThread.get().join(TimeUnit.SECONDS.toMillis(5));
    assertTrue(!readerThread.get().isAlive());
    assertEquals(0, readsAfterClose.get());
    assertThrows(IOException.class, () -> in.read(new byte[1], 0, 1));
  }

  @Test
  void closeInterruptsASourceThatBlocks() throws Exception {
    CountDownLatch reading = new CountDownLatch(1);
    InputStream blocking = new InputStream() {
      @Override
      public int read() throws IOException {
        reading.countDown();
        try {
          Thread.sleep(60_000);
        } catch (InterruptedException e) {
          throw new java.io.InterruptedIOException("interrupted");
        }
        return -1;
      }
    };
    InputStream in = new ReadAheadInputStream(blocking, 16, 2, "t");
    assertTrue(reading.await(5, TimeUnit.SECONDS));
    long start = System.nanoTime();
    in.close();
    assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
  }
}
