package dev.edge.runtime.fs;

import dev.edge.runtime.unpack.Posix;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a file system's dirty data small while layers are being written, by a syncfs every
 * interval from a thread of its own. A gateway with spare RAM would otherwise hold a whole
 * image's files in the page cache until the commit's syncfs, and then wait for all of it at
 * once; paced, the disk writes while the CPU decompresses, and the commit's sync finds little
 * left. It changes no guarantee: commits still sync before they rename.
 *
 * <p>The thread runs only while at least one writer is inside {@link #writing()}.
 */
public final class WritebackPacer {
  private static final Logger LOG = LoggerFactory.getLogger(WritebackPacer.class);
  /** Short enough that little is left for the commit, long enough to batch journal commits. */
  public static final long DEFAULT_INTERVAL_MS = 250;

  private final Path fileSystem;
  private final long intervalMs;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private int writers;
  private Thread thread;

  /** @param fileSystem any path on the file system to flush */
  public WritebackPacer(Path fileSystem, long intervalMs) {
    this.fileSystem = fileSystem;
    this.intervalMs = intervalMs;
  }

  /** Marks a writer as busy until the returned handle is closed. */
  public Writing writing() {
    lock.lock();
    try {
      if (writers++ == 0 && thread == null) {
        thread = new Thread(this::run, "writeback-pacer");
        thread.setDaemon(true);
        thread.start();
      }
    } finally {
      lock.unlock();
    }
    return new Writing();
  }

  private void run() {
    try {
      while (awaitInterval()) {
        try {
          Posix.syncFileSystem(fileSystem);
        } catch (IOException e) {
          // The commit's own sync reports a failing disk; pacing is only an optimisation.
          LOG.debug("writeback pacing of {} stopped: {}", fileSystem, e.getMessage());
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lock.lock();
      try {
        if (thread == Thread.currentThread()) {
          thread = null;
        }
      } finally {
        lock.unlock();
      }
    }
  }

  /**
   * Waits one interval; false when no writer is left by then, in which case the thread is
   * already forgotten, so a writer arriving next starts a new one.
   */
  private boolean awaitInterval() throws InterruptedException {
    lock.lock();
    try {
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(intervalMs);
      long left;
      while (writers > 0 && (left = deadline - System.nanoTime()) > 0) {
        changed.awaitNanos(left);
      }
      if (writers == 0) {
        thread = null;
        return false;
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** True while the pacing thread runs; for tests. */
  boolean running() {
    lock.lock();
    try {
      return thread != null;
    } finally {
      lock.unlock();
    }
  }

  /** One writer's stay; closing it twice is harmless. */
  public final class Writing implements AutoCloseable {
    private boolean closed;

    private Writing() {}

    @Override
    public void close() {
      lock.lock();
      try {
        if (!closed) {
          closed = true;
          writers--;
          changed.signalAll();
        }
      } finally {
        lock.unlock();
      }
    }
  }
}
