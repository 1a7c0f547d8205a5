package dev.edge.runtime.snapshot;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the syncfs that deferred commits ({@link Snapshotter#commitDeferred}) leave out, off the
 * pulls' path: once no layer has been written for a quiet spell, so the disk flush does not
 * compete with a pull for the disk and the CPU; at the latest a fixed time after the first
 * unsynced commit, so back-to-back pulls cannot postpone it for ever; and once more at close.
 *
 * <p>Its thread runs only while a sync is pending.
 */
public final class BackgroundSync implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BackgroundSync.class);
  public static final long DEFAULT_QUIET_MS = 1000;
  /** The kernel's own dirty_expire_centisecs default: data older than this is written anyway. */
  public static final long DEFAULT_MAX_DELAY_MS = 30_000;
  private static final long CLOSE_WAIT_MS = 60_000;

  private final Snapshotter snapshots;
  private final long quietNanos;
  private final long maxDelayNanos;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private int writers;
  private boolean pending;
  private long firstPending;
  private long lastActivity;
  private boolean closed;
  private Thread thread;

  public BackgroundSync(Snapshotter snapshots, long quietMs, long maxDelayMs) {
    this.snapshots = snapshots;
    this.quietNanos = TimeUnit.MILLISECONDS.toNanos(quietMs);
    this.maxDelayNanos = TimeUnit.MILLISECONDS.toNanos(maxDelayMs);
  }

  /** Marks a layer as being written until the returned handle is closed. */
  public Writing writing() {
    lock.lock();
    try {
      writers++;
      lastActivity = System.nanoTime();
    } finally {
      lock.unlock();
    }
    return new Writing();
  }

  /** Called after each deferred commit. */
  public void committed() {
    lock.lock();
    try {
      long now = System.nanoTime();
      if (!pending) {
        pending = true;
        firstPending = now;
      }
      lastActivity = now;
      if (thread == null && !closed) {
        thread = new Thread(this::run, "snapshot-sync");
        thread.setDaemon(true);
        thread.start();
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void run() {
    try {
      while (awaitDue()) {
        try {
          snapshots.syncDeferred();
        } catch (IOException e) {
          // The markers stay: the close or the next start syncs them, or restores after a reboot.
          LOG.warn("syncing committed snapshots: {}", e.getMessage());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      forgetThread();
    }
  }

  /** Waits until a pending sync is due; false (the thread forgotten) when none is left. */
  private boolean awaitDue() throws InterruptedException {
    lock.lock();
    try {
      while (true) {
        if (closed || !pending) {
          thread = null;
          return false;
        }
        long due = firstPending + maxDelayNanos;
        if (writers == 0) {
          due = Math.min(due, lastActivity + quietNanos);
        }
        long left = due - System.nanoTime();
        if (left <= 0) {
          pending = false;
          return true;
        }
        changed.awaitNanos(left);
      }
    } finally {
      lock.unlock();
    }
  }

  private void forgetThread() {
    lock.lock();
    try {
      if (thread == Thread.currentThread()) {
        thread = null;
      }
    } finally {
      lock.unlock();
    }
  }

  /** True while a sync is pending or running; for tests. */
  boolean busy() {
    lock.lock();
    try {
      return thread != null;
    } finally {
      lock.unlock();
    }
  }

  /** Waits for a running sync, then syncs what is left, so a clean stop leaves no marker. */
  @Override
  public void close() {
    Thread running;
    lock.lock();
    try {
      closed = true;
      running = thread;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    try {
      if (running != null) {
        running.join(CLOSE_WAIT_MS);
      }
      snapshots.syncDeferred();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      LOG.warn("syncing committed snapshots at stop: {}", e.getMessage());
    }
  }

  /** One writer's stay; closing it twice is harmless. */
  public final class Writing implements AutoCloseable {
    private boolean done;

    private Writing() {}

    @Override
    public void close() {
      lock.lock();
      try {
        if (!done) {
          done = true;
          writers--;
          lastActivity = System.nanoTime();
          changed.signalAll();
        }
      } finally {
        lock.unlock();
      }
    }
  }
}
