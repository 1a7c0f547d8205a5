package dev.edge.hal.sim;

import java.nio.charset.StandardCharsets;

/** The ESP8266 ROM's boot log, printed at 74880 baud after every reset (reference §1.5, §2.3). */
final class BootRom {
  static final int CAUSE_POWER_ON = 1;
  static final int CAUSE_EXTERNAL = 2;
  static final int CAUSE_SOFTWARE = 4;
  /** boot mode N = (GPIO15 << 2) | (GPIO0 << 1) | GPIO2: 1 = UART download, 3 = flash. */
  static final int MODE_UART = 1;
  static final int MODE_FLASH = 3;
  private static final int IMAGE_MAGIC = 0xE9;
  private static final int MAX_SEGMENTS = 16;

  private BootRom() {
  }

  static byte[] banner(int cause, boolean download, SimFlash flash) {
    StringBuilder log = new StringBuilder();
    log.append(String.format("\r\n ets Jan  8 2013,rst cause:%d, boot mode:(%d,%d)\r\n\r\n", cause,
        download ? MODE_UART : MODE_FLASH, download ? 7 : 6));
    if (download) {
      log.append("waiting for host\r\n");
    } else {
      describeImage(flash, log);
    }
    return log.toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** The ROM's "load ..." lines for each segment of the v1 image at flash offset 0. */
  private static void describeImage(SimFlash flash, StringBuilder log) {
    byte[] header = flash.read(0, 8);
    if ((header[0] & 0xFF) != IMAGE_MAGIC) {
      return;
    }
    int segments = Math.min(header[1] & 0xFF, MAX_SEGMENTS);
    long pos = 8;
    int checksum = 0xEF;
    for (int i = 0; i < segments; i++) {
      byte[] seg = flash.read(pos, 8);
      long address = u32(seg, 0);
      long length = u32(seg, 4);
      if (length > flash.size()) {
        return;
      }
      log.append(String.format("load 0x%08x, len %d, room 16 \r\n", address, length));
      for (byte b : flash.read(pos + 8, (int) length)) {
        checksum ^= b & 0xFF;
      }
      pos += 8 + length;
    }
    log.append(String.format("csum 0x%02x\r\n", checksum));
  }

  private static long u32(byte[] b, int at) {
    return (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16 | (b[at + 3] & 0xFFL) << 24;
  }
}
