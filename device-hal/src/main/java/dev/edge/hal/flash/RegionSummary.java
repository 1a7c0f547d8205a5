package dev.edge.hal.flash;

import java.time.Duration;

/**
 * What one region took: bytes, wall time including the ROM's up-front erase, and the effective rate esptool
 * reports (bytes x 8 / seconds).
 */
public record RegionSummary(String label, long address, long bytes, Duration elapsed, Duration erase) {

  public double seconds() {
    return elapsed.toNanos() / 1e9;
  }

  public double kbitPerSecond() {
    return seconds() == 0 ? 0 : bytes * 8 / seconds() / 1000;
  }

  /** esptool's summary line, e.g. "Wrote 236544 bytes at 0x00001000 in 24.9 seconds (75.9 kbit/s)". */
  public String esptoolLine() {
    return String.format("Wrote %d bytes at 0x%08x in %.1f seconds (%.1f kbit/s)", bytes, address, seconds(),
        kbitPerSecond());
  }
}
