package dev.edge.hal.sim;

import dev.edge.hal.serial.PortDisconnectedException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One direction of an in-process serial line. Each byte arrives after its wire time at the sender's baud rate;
 * a receiver set to another rate gets garbage.
 */
final class Wire {
  private final Timing timing;
  private final String name;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<Chunk> chunks = new ArrayDeque<>();
  private long lastArrival;
  private boolean closed;
  private int lastBaud;

  private static final class Chunk {
    final byte[] data;
    final long firstArrival;
    final long byteNanos;
    final int baud;
    int pos;

    Chunk(byte[] data, long firstArrival, long byteNanos, int baud) {
      this.data = data;
      this.firstArrival = firstArrival;
      this.byteNanos = byteNanos;
      this.baud = baud;
    }

    long arrivalOf(int index) {
      return firstArrival + index * byteNanos;
    }
  }

  Wire(Timing timing, String name) {
    this.timing = timing;
    this.name = name;
  }

  void send(byte[] data, int offset, int len, int baud) throws PortDisconnectedException {
    lock.lock();
    try {
      if (closed) {
        throw new PortDisconnectedException(name + ": the simulated board is gone");
      }
      long byteNanos = timing.byteNanos(baud);
      long start = Math.max(System.nanoTime(), lastArrival);
      byte[] copy = java.util.Arrays.copyOfRange(data, offset, offset + len);
      chunks.add(new Chunk(copy, start + byteNanos, byteNanos, baud));
      lastArrival = start + len * byteNanos;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Receives the bytes that have arrived, waiting up to {@code timeout} for the first. 0 on timeout. */
  int receive(byte[] buffer, int offset, int len, Duration timeout, int receiverBaud)
      throws PortDisconnectedException {
    long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
    lock.lock();
    try {
      while (true) {
        if (closed) {
          throw new PortDisconnectedException(name + ": the simulated board is gone");
        }
        long now = System.nanoTime();
        Chunk c = chunks.peek();
        long wakeAt = deadline;
        if (c != null) {
          long next = c.arrivalOf(c.pos);
          if (now >= next) {
            int remaining = c.data.length - c.pos;
            int ready = c.byteNanos == 0 ? remaining
                : (int) Math.min(remaining, (now - next) / c.byteNanos + 1);
            int n = Math.min(ready, len);
            boolean garbled = !ChipUart.compatible(receiverBaud, c.baud);
            for (int i = 0; i < n; i++) {
              byte b = c.data[c.pos + i];
              buffer[offset + i] = garbled ? ChipUart.garble(b) : b;
            }
            c.pos += n;
            lastBaud = c.baud;
            if (c.pos == c.data.length) {
              chunks.poll();
            }
            return n;
          }
          wakeAt = Math.min(deadline, next);
        }
        if (now >= deadline) {
          return 0;
        }
        changed.await(Math.max(1, wakeAt - now), TimeUnit.NANOSECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    } finally {
      lock.unlock();
    }
  }

  int lastBaud() {
    lock.lock();
    try {
      return lastBaud;
    } finally {
      lock.unlock();
    }
  }

  void clear() {
    lock.lock();
    try {
      chunks.clear();
    } finally {
      lock.unlock();
    }
  }

  /** When the last byte sent so far will have arrived. */
  long lastArrival() {
    lock.lock();
    try {
      return lastArrival;
    } finally {
      lock.unlock();
    }
  }

  void close() {
    lock.lock();
    try {
      closed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
