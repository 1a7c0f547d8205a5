package dev.edge.hal.flash;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;

/** Builds ESP8266 v1 images and random payloads for flasher tests. */
final class TestImages {
  private TestImages() {
  }

  static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** A valid v1 image: header, one IRAM segment of {@code segmentLength} random bytes, padding and checksum. */
  static byte[] v1Image(int segmentLength, long seed) {
    byte[] seg = random(segmentLength, seed);
    int checksum = 0xEF;
    for (byte b : seg) {
      checksum ^= b & 0xFF;
    }
    int body = 8 + 8 + seg.length;
    int total = (body / 16 + 1) * 16; // pad so that length == 15 mod 16, then one checksum byte
    ByteBuffer buf = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
    buf.put((byte) 0xE9).put((byte) 1).put((byte) 0).put((byte) 0x20).putInt(0x40100004);
    buf.putInt(0x40100000).putInt(seg.length).put(seg);
    while (buf.position() < total - 1) {
      buf.put((byte) 0);
    }
    buf.put((byte) checksum);
    return buf.array();
  }
}
