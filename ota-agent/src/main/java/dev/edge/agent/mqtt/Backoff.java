package dev.edge.agent.mqtt;

import java.time.Duration;
import java.util.Random;

/**
 * Exponential backoff with full jitter (a random delay between zero and the doubling cap), so a
 * fleet that lost its broker does not reconnect in lockstep; Paho's own loop has no jitter and
 * keeps its delay in a field shared by every client in the JVM.
 */
public final class Backoff {
  private final Duration first;
  private final Duration max;
  private final Random random;
  private int attempt;

  public Backoff(Duration first, Duration max, Random random) {
    if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
      throw new IllegalArgumentException("backoff needs 0 < first <= max: " + first + ", " + max);
    }
    this.first = first;
    this.max = max;
    this.random = random;
  }

  /** The next delay: uniform in [0, min(max, first * 2^attempt)]. */
  public synchronized Duration next() {
    long cap = first.toMillis() << Math.min(attempt, 30);
    if (cap <= 0 || cap > max.toMillis()) {
      cap = max.toMillis();
    }
    attempt++;
    return Duration.ofMillis((long) (random.nextDouble() * (cap + 1)));
  }

  /** After a connection that held: start from the first delay again. */
  public synchronized void reset() {
    attempt = 0;
  }
}
