package dev.edge.runtime.build.layer;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Hands the bytes written to it over to a second thread that writes them to {@code target}, so
 * that producing a layer's tar (file reads, hashing) and compressing it (deflate, hashing the
 * compressed bytes) use two cores. Bounded: at most {@link #DEPTH} chunks wait in between.
 * {@link #close} waits for the writer and rethrows what it failed with; it closes the target.
 */
final class HandOffOutputStream extends OutputStream {
  static final int CHUNK = 256 * 1024;
  static final int DEPTH = 8;
  private static final byte[] END = new byte[0];

  private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(DEPTH);
  private final Thread writer;
  private volatile IOException failure;
  private byte[] chunk = new byte[CHUNK];
  private int filled;
  private boolean closed;

  HandOffOutputStream(OutputStream target, String name) {
    writer = new Thread(() -> drain(target), name);
    writer.setDaemon(true);
    writer.start();
  }

  private void drain(OutputStream target) {
    try (target) {
      while (true) {
        byte[] next = queue.take();
        if (next == END) {
          return;
        }
        target.write(next);
      }
    } catch (IOException e) {
      failure = e;
    } catch (InterruptedException e) {
      failure = new InterruptedIOException("layer compression interrupted");
    } finally {
      queue.clear(); // unblocks a producer waiting for room after a failure
    }
  }

  @Override
  public void write(int b) throws IOException {
    if (filled == chunk.length) {
      handOff();
    }
    chunk[filled++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      if (filled == chunk.length) {
        handOff();
      }
      int n = Math.min(len, chunk.length - filled);
      System.arraycopy(b, off, chunk, filled, n);
      filled += n;
      off += n;
      len -= n;
    }
  }

  private void handOff() throws IOException {
    checkWriter();
    byte[] full = filled == chunk.length ? chunk : java.util.Arrays.copyOf(chunk, filled);
    put(full);
    chunk = new byte[CHUNK];
    filled = 0;
  }

  private void put(byte[] item) throws IOException {
    try {
      while (!queue.offer(item, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
        checkWriter();
        if (!writer.isAlive()) {
          throw new IOException("layer compression stopped");
        }
      }
    } catch (InterruptedException e) {
      writer.interrupt();
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("writing a layer was interrupted");
    }
  }

  private void checkWriter() throws IOException {
    if (failure != null) {
      throw new IOException("compressing the layer failed: " + failure.getMessage(), failure);
    }
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    if (filled > 0) {
      handOff();
    }
    put(END);
    try {
      writer.join();
    } catch (InterruptedException e) {
      writer.interrupt();
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("waiting for the layer's compression was interrupted");
    }
    checkWriter();
  }
}
