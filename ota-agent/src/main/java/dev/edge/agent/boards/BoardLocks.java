package dev.edge.agent.boards;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One job at a time per board. The exclusive open of the port already stops two flashes from interleaving, but
 * it fails the second one (409); jobs from the fleet should queue instead, in the order they came. Boards are
 * keyed by the port's real path, so {@code /dev/serial/by-id/...}, {@code /dev/ttyUSB0} and a simulator's link
 * to {@code /dev/pts/N} each name one board.
 */
public final class BoardLocks {
  private final Map<String, Slot> slots = new ConcurrentHashMap<>();

  /** A board's lock and who holds it, for the waiting message. */
  private static final class Slot {
    // fair: jobs waiting for a board get it in the order they asked
    final ReentrantLock lock = new ReentrantLock(true);
    volatile String holder;
  }

  /** A held board; closing it lets the next job have it. */
  public final class Held implements AutoCloseable {
    private final String key;
    private final Slot slot;
    private boolean released;

    private Held(String key, Slot slot) {
      this.key = key;
      this.slot = slot;
    }

    /** The port's real path, the lock's key. */
    public String key() {
      return key;
    }

    @Override
    public void close() {
      if (!released) {
        released = true;
        if (slot.lock.getHoldCount() == 1) {
          slot.holder = null;
        }
        slot.lock.unlock();
      }
    }
  }

  /**
   * Waits until the board at {@code port} is free and takes it for {@code holder} (a job id). Before it waits,
   * {@code waiting} hears "waiting for board PORT (job HOLDER has it)".
   *
   * @throws InterruptedException when the job is canceled or times out while waiting
   */
  public Held acquire(String port, String holder, Consumer<String> waiting) throws InterruptedException {
    String key = key(port);
    Slot slot = slots.computeIfAbsent(key, k -> new Slot());
    // the timed tryLock honours fairness (the untimed one would barge past jobs already waiting), and a
    // single lockInterruptibly keeps this job's place in the queue
    if (!slot.lock.tryLock(0, TimeUnit.MILLISECONDS)) {
      String current = slot.holder;
      waiting.accept("waiting for board " + port + " (" + (current == null ? "another job" : "job " + current)
          + " has it)");
      slot.lock.lockInterruptibly();
    }
    slot.holder = holder == null ? Thread.currentThread().getName() : holder;
    return new Held(key, slot);
  }

  /** Takes the board at {@code port} only if nobody holds it. */
  public Optional<Held> tryAcquire(String port, String holder) {
    String key = key(port);
    Slot slot = slots.computeIfAbsent(key, k -> new Slot());
    if (!slot.lock.tryLock()) {
      return Optional.empty();
    }
    slot.holder = holder == null ? Thread.currentThread().getName() : holder;
    return Optional.of(new Held(key, slot));
  }

  /** The job holding the board at {@code port}, if one does. */
  public Optional<String> holder(String port) {
    Slot slot = slots.get(key(port));
    return slot == null ? Optional.empty() : Optional.ofNullable(slot.holder);
  }

  /** The port's real path: links (by-id, a simulator's link) resolved; the path as given if it is gone. */
  static String key(String port) {
    try {
      return Path.of(port).toRealPath().toString();
    } catch (IOException e) {
      return Path.of(port).toAbsolutePath().normalize().toString();
    }
  }
}
