package dev.edge.runtime.unpack;

import dev.edge.runtime.fs.BulkInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads its source in a thread of its own, a few chunks ahead of the reader. For a layer the
 * source is the whole download side (HTTP body, blob hash, ingest file, inflate) and the reader
 * is the untar side (diff_id hash, tar headers, file writes): each is about half of a layer's CPU
 * time, so a big layer unpacks on two cores instead of one.
 *
 * <p>The source's exceptions reach the reader as the same instances, so callers catch them as if
 * the read had been theirs. {@link #close()} stops the thread and waits for it before closing
 * the source: afterwards nothing touches the source behind the caller's back.
 */
final class ReadAheadInputStream extends BulkInputStream {
  private static final Chunk END = new Chunk(new byte[0], 0, null);
  private final InputStream source;
  private final BlockingQueue<Chunk> filled;
  private final BlockingQueue<byte[]> free;
  private final Thread thread;
  private volatile boolean closed;
  private Chunk current;
  private int position;
  private boolean ended;
  /** What the source threw, rethrown by every read after it. */
  private Throwable failed;

  ReadAheadInputStream(InputStream source, int chunkSize, int chunks, String threadName) {
    this.source = source;
    this.filled = new ArrayBlockingQueue<>(chunks + 1);
    this.free = new ArrayBlockingQueue<>(chunks);
    for (int i = 0; i < chunks; i++) {
      free.add(new byte[chunkSize]);
    }
    this.thread = new Thread(this::readAhead, threadName);
    thread.setDaemon(true);
    thread.start();
  }

  private void readAhead() {
    try {
      while (!closed) {
        byte[] buffer = free.take();
        int length = 0;
        boolean end = false;
        Throwable failure = null;
        try {
          while (length < buffer.length) {
            int n = source.read(buffer, length, buffer.length - length);
            if (n < 0) {
              end = true;
              break;
            }
            length += n;
          }
        } catch (Throwable t) {
          failure = t;
        }
        if (length > 0) {
          filled.put(new Chunk(buffer, length, null)); // the bytes before a failure count too
        }
        if (failure != null || end) {
          // Never blocks: there is one slot more than there are buffers.
          filled.offer(failure != null ? new Chunk(null, 0, failure) : END);
          return;
        }
      }
    } catch (InterruptedException e) {
      // closed by the reader
    }
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (!advance()) {
      return -1;
    }
    int n = Math.min(len, current.length - position);
    System.arraycopy(current.data, position, b, off, n);
    position += n;
    return n;
  }

  /** True when {@link #current} has unread bytes; false at the end of the source. */
  private boolean advance() throws IOException {
    if (closed) {
      throw new IOException("read-ahead stream is closed");
    }
    if (current != null && position < current.length) {
      return true;
    }
    if (failed != null) {
      throw rethrow(failed); // every later read fails too: a failed source never looks complete
    }
    if (ended) {
      return false;
    }
    if (current != null) {
      free.add(current.data);
      current = null;
    }
    Chunk next;
    try {
      next = filled.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for the layer's data");
    }
    if (next.failure != null) {
      ended = true;
      failed = next.failure;
      throw rethrow(next.failure);
    }
    if (next == END) {
      ended = true;
      joinQuietly(); // the thread is done with the source: the caller may read it now
      return false;
    }
    current = next;
    position = 0;
    return true;
  }

  private static IOException rethrow(Throwable failure) {
    if (failure instanceof IOException io) {
      return io;
    }
    if (failure instanceof RuntimeException re) {
      throw re;
    }
    if (failure instanceof Error error) {
      throw error;
    }
    return new IOException(failure);
  }

  @Override
  public int available() {
    return current == null ? 0 : current.length - position;
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    thread.interrupt();
    joinQuietly();
    source.close();
  }

  private void joinQuietly() {
    boolean interrupted = false;
    while (true) {
      try {
        thread.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private record Chunk(byte[] data, int length, Throwable failure) {}
}
