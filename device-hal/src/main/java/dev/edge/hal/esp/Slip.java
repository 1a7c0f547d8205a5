package dev.edge.hal.esp;

/** SLIP framing (RFC 1055) as the ESP loaders use it: 0xC0 delimits, 0xDB escapes (reference §1.1). */
public final class Slip {
  public static final int END = 0xC0;
  public static final int ESC = 0xDB;
  public static final int ESC_END = 0xDC;
  public static final int ESC_ESC = 0xDD;

  private Slip() {
  }

  /** Wraps one packet: C0, the escaped bytes, C0. */
  public static byte[] encode(byte[] packet) {
    return encode(packet, 0, packet.length);
  }

  public static byte[] encode(byte[] packet, int offset, int len) {
    int escapes = 0;
    for (int i = offset; i < offset + len; i++) {
      int b = packet[i] & 0xFF;
      if (b == END || b == ESC) {
        escapes++;
      }
    }
    byte[] out = new byte[len + escapes + 2];
    int o = 0;
    out[o++] = (byte) END;
    for (int i = offset; i < offset + len; i++) {
      int b = packet[i] & 0xFF;
      if (b == END) {
        out[o++] = (byte) ESC;
        out[o++] = (byte) ESC_END;
      } else if (b == ESC) {
        out[o++] = (byte) ESC;
        out[o++] = (byte) ESC_ESC;
      } else {
        out[o++] = (byte) b;
      }
    }
    out[o] = (byte) END;
    return out;
  }
}
