package dev.edge.hal.esp;

import java.time.Duration;

/** Timeouts and retry counts of the ROM loader protocol, as esptool v5.3.1 loader.py sets them (reference §1.5-§1.6). */
public final class LoaderTimeouts {
  /** DEFAULT_TIMEOUT: most commands. */
  public static final Duration DEFAULT = Duration.ofSeconds(3);
  /** SYNC_TIMEOUT. */
  public static final Duration SYNC = Duration.ofMillis(100);
  /** MEM_END_ROM_TIMEOUT: the ROM may never answer MEM_END when it jumps to the entry point. */
  public static final Duration MEM_END_ROM = Duration.ofMillis(200);
  /** ERASE_REGION_TIMEOUT_PER_MB: the ROM erases the whole region during FLASH_BEGIN. */
  public static final Duration ERASE_REGION_PER_MB = Duration.ofSeconds(40);
  /** ERASE_WRITE_TIMEOUT_PER_MB: per FLASH_DATA block. */
  public static final Duration ERASE_WRITE_PER_MB = Duration.ofSeconds(40);
  /** MAX_TIMEOUT = 2 x CHIP_ERASE_TIMEOUT. */
  public static final Duration MAX = Duration.ofSeconds(240);
  /** esptool's "MB" in the per-MB timeouts is 1e6 bytes. */
  public static final long BYTES_PER_MB = 1_000_000L;

  /** DEFAULT_CONNECT_ATTEMPTS, cycling through the reset strategies. */
  public static final int CONNECT_ATTEMPTS = 7;
  /** sync() tries after each reset. */
  public static final int SYNC_TRIES_PER_ATTEMPT = 5;
  /** Sleep between sync() tries. */
  public static final Duration SYNC_RETRY_DELAY = Duration.ofMillis(50);
  /** After the first SYNC reply esptool reads 7 more: the ROM answers SYNC 8 times. */
  public static final int SYNC_EXTRA_REPLIES = 7;
  /** command() reads up to 100 packets looking for the reply with the right opcode. */
  public static final int MAX_PACKETS_PER_REPLY = 100;
  /** WRITE_BLOCK_ATTEMPTS. */
  public static final int WRITE_BLOCK_ATTEMPTS = 3;
  /** WRITE_FLASH_ATTEMPTS: a failed region is retried once more after reconnecting. */
  public static final int WRITE_FLASH_ATTEMPTS = 2;
  /** Polls of SPI_CMD while waiting for a user SPI command (esptool run_spiflash_command). */
  public static final int SPI_COMMAND_POLLS = 10;

  private LoaderTimeouts() {
  }

  /** esptool's timeout_per_mb: scaled by size, never below DEFAULT, never above MAX. */
  public static Duration perMegabyte(Duration perMb, long bytes) {
    long nanos = (long) (perMb.toNanos() * (bytes / (double) BYTES_PER_MB));
    Duration scaled = Duration.ofNanos(nanos);
    if (scaled.compareTo(DEFAULT) < 0) {
      return DEFAULT;
    }
    return scaled.compareTo(MAX) > 0 ? MAX : scaled;
  }
}
