package dev.edge.hal.reset;

import java.time.Duration;

/** Reset timings from esptool/esp-pylib serial_reset.py and loader.py (reference §2.1, §2.4). */
public final class ResetTimings {
  /** DEFAULT_RESET_DELAY: how long GPIO0 stays low after EN rises. */
  public static final Duration DEFAULT_RESET_DELAY = Duration.ofMillis(50);
  /** The "extra" delay of the second try of each strategy: 0.05 + 0.5 s. */
  public static final Duration EXTRA_RESET_DELAY = Duration.ofMillis(550);
  /** How long esptool holds EN low in its reset sequences. */
  public static final Duration EN_LOW_HOLD = Duration.ofMillis(100);
  /** MINIMAL_EN_LOW_DELAY: the shortest EN pulse that resets the chip. */
  public static final Duration MINIMAL_EN_LOW_DELAY = Duration.ofMillis(5);
  /** HardReset: RTS asserted for 0.1 s. */
  public static final Duration HARD_RESET_PULSE = Duration.ofMillis(100);

  private ResetTimings() {
  }

  static void sleep(Duration d) throws java.io.InterruptedIOException {
    try {
      Thread.sleep(d.toMillis(), (int) (d.toNanos() % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("reset interrupted");
    }
  }
}
