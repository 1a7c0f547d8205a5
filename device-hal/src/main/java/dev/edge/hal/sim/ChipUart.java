package dev.edge.hal.sim;

import java.io.IOException;
import java.time.Duration;

/** The chip's side of the serial line: what reached its UART, and a paced way to send. */
interface ChipUart extends AutoCloseable {

  /**
   * Reads bytes that reached the chip. The ROM detects the rate from each SYNC's 0x55 bytes, so the chip
   * side takes whatever rate the host uses (inference: re-detection on every SYNC).
   */
  int read(byte[] buffer, Duration timeout) throws IOException;

  /** System.nanoTime() at which byte {@code index} of the last read had fully arrived on the wire. */
  long arrivalNanos(int index);

  /** The rate the host sent the last read bytes at. */
  int lastReadBaud();

  /**
   * Sends bytes at {@code baud}, taking their wire time; a host listening at another rate gets garbage
   * (the 74880-baud boot log at 115200); dropped if nobody listens.
   */
  void write(byte[] data, int baud) throws IOException;

  @Override
  void close();

  /** Two rates within 3 % of each other still sample correctly (inference: usual UART tolerance). */
  static boolean compatible(int a, int b) {
    return a <= 0 || b <= 0 || Math.abs(a - b) * 100L <= 3L * Math.max(a, b);
  }

  /** What a byte sent at the wrong rate looks like to the receiver: deterministic junk. */
  static byte garble(byte b) {
    return (byte) ((b * 0x2F) ^ 0xA5);
  }
}
