package dev.edge.hal.esp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlipTest {
  @Test
  void escapesDelimiterAndEscapeBytes() {
    byte[] framed = Slip.encode(new byte[] {1, (byte) 0xC0, 2, (byte) 0xDB, 3});
    assertArrayEquals(new byte[] {(byte) 0xC0, 1, (byte) 0xDB, (byte) 0xDC, 2, (byte) 0xDB, (byte) 0xDD, 3,
        (byte) 0xC0}, framed);
  }

  @Test
  void decoderRoundTripsBackToBackFramesAndCountsNoise() throws Exception {
    byte[] a = {0, 1, (byte) 0xC0, (byte) 0xDB};
    byte[] b = {(byte) 0xDB, (byte) 0xDC};
    byte[] stream = concat("ets Jan".getBytes(), Slip.encode(a), Slip.encode(b));
    SlipDecoder d = new SlipDecoder();
    List<byte[]> frames = new ArrayList<>();
    for (byte x : stream) {
      byte[] f = d.feed(x);
      if (f != null) {
        frames.add(f);
      }
    }
    assertEquals(2, frames.size());
    assertArrayEquals(a, frames.get(0));
    assertArrayEquals(b, frames.get(1));
    assertEquals(7, d.noiseBytes());
    assertEquals("ets Jan", d.noiseSample());
  }

  @Test
  void invalidEscapeIsADeclaredErrorAndTheDecoderRecovers() throws Exception {
    SlipDecoder d = new SlipDecoder();
    d.feed((byte) 0xC0);
    d.feed((byte) 5);
    d.feed((byte) 0xDB);
    assertThrows(SlipFramingException.class, () -> d.feed((byte) 0x01));
    byte[] got = null;
    for (byte x : Slip.encode(new byte[] {9, 8})) {
      byte[] f = d.feed(x);
      got = f != null ? f : got;
    }
    assertArrayEquals(new byte[] {9, 8}, got);
  }

  @Test
  void emptyFramesAreIgnored() throws Exception {
    SlipDecoder d = new SlipDecoder();
    assertNull(d.feed((byte) 0xC0));
    assertNull(d.feed((byte) 0xC0));
    assertNull(d.feed((byte) 0xC0));
  }

  @Test
  void oversizedFrameIsRefused() throws Exception {
    SlipDecoder d = new SlipDecoder();
    d.feed((byte) 0xC0);
    assertThrows(SlipFramingException.class, () -> {
      for (int i = 0; i <= SlipDecoder.MAX_PACKET; i++) {
        d.feed((byte) 1);
      }
    });
  }

  static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int o = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, o, p.length);
      o += p.length;
    }
    return out;
  }
}
