package dev.edge.hal.flash;

import dev.edge.hal.esp.ChipInfo;

/** Progress of a flash, for the CLI's lines and the daemon's streamed report. All methods default to no-ops. */
public interface FlashListener {
  FlashListener NONE = new FlashListener() { };

  default void warning(String message) {
  }

  /** The chip answered; {@code flashSize} is -1 when the flash chip could not be identified. */
  default void connected(ChipInfo chip, long flashSize) {
  }

  default void regionStarted(FlashRegion region, int index, int count) {
  }

  /** The ROM finished erasing the region (it erases up front, in FLASH_BEGIN). */
  default void erased(FlashRegion region, java.time.Duration took) {
  }

  default void progress(FlashRegion region, long written) {
  }

  default void regionDone(RegionSummary summary) {
  }

  /** What the chip was told to do after flashing. */
  default void finished(String afterAction) {
  }
}
