package dev.edge.hal.sim;

import java.time.Duration;

/**
 * How much simulated time things cost. {@link #REALISTIC}: every byte takes its wire time at the line's baud
 * rate (10 bits, 8N1) and flash work costs what esptool#380's published ROM trace implies. {@link #FAST}: free.
 */
public enum Timing {
  REALISTIC,
  FAST;

  /**
   * esptool#380: "Took 1.93s to erase flash block" for 236544 bytes at 0x1000 with the erase-size workaround,
   * i.e. 58 sectors worth (26 sector erases + 2 block erases); per 4 KiB that is 1.93 s / 58.
   */
  public static final Duration SECTOR_ERASE = Duration.ofNanos(1_930_000_000L / 58);
  /** A 64 KiB block erase at the same cost per byte; this matches the reference's "~8 s for 1 MB" estimate. */
  public static final Duration BLOCK_ERASE = SECTOR_ERASE.multipliedBy(16);
  /**
   * Chip time per 1 KiB FLASH_DATA block beyond its wire time, from the same trace: (24.9 s - 1.93 s erase)
   * over 231 blocks is 99.4 ms per block, of which a 1064-byte exchange at 115200 baud takes 92.4 ms.
   */
  public static final Duration FLASH_WRITE_PER_KIB = Duration.ofNanos(
      (24_900_000_000L - 1_930_000_000L) / 231 - wireNanos(1064, 115200));
  /** UART frame of one byte: start bit, 8 data bits, stop bit. */
  public static final int BITS_PER_BYTE = 10;

  public static long wireNanos(long bytes, int baud) {
    return bytes * BITS_PER_BYTE * 1_000_000_000L / baud;
  }

  public long byteNanos(int baud) {
    return this == FAST || baud <= 0 ? 0 : BITS_PER_BYTE * 1_000_000_000L / baud;
  }

  public Duration cost(Duration realistic) {
    return this == FAST ? Duration.ZERO : realistic;
  }

  public static Timing parse(String text) {
    return switch (text.trim().toLowerCase()) {
      case "realistic" -> REALISTIC;
      case "fast" -> FAST;
      default -> throw new IllegalArgumentException("--timing must be realistic or fast; got '" + text + "'");
    };
  }

  /** Sleeps until {@code nanoTime}; used to make simulated work take its time. */
  static void sleepUntil(long nanoTime) throws InterruptedException {
    long left;
    while ((left = nanoTime - System.nanoTime()) > 0) {
      if (left > 2_000_000) {
        Thread.sleep((left - 1_000_000) / 1_000_000);
      } else {
        Thread.onSpinWait();
      }
    }
  }
}
