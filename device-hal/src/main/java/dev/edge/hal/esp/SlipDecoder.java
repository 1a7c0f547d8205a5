package dev.edge.hal.esp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Incremental SLIP decoder: feed it bytes as they arrive, it hands back whole packets. Bytes outside frames
 * (a booting chip's 74880-baud log, line noise) are counted and sampled so errors can explain them.
 */
public final class SlipDecoder {
  /** Largest packet either side sends: 8-byte header + 16-byte data header + 64 KiB data, with margin. */
  public static final int MAX_PACKET = 8 + 16 + 0x10000 + 64;
  private static final int NOISE_SAMPLE = 64;

  private final ByteArrayOutputStream frame = new ByteArrayOutputStream(1100);
  private final ByteArrayOutputStream noise = new ByteArrayOutputStream();
  private boolean inFrame;
  private boolean escaping;
  private long noiseBytes;

  /**
   * Consumes one byte.
   *
   * @return a complete packet (without delimiters and escapes), or null if none completed with this byte
   * @throws SlipFramingException on an invalid escape or an oversized frame; the decoder resynchronises
   */
  public byte[] feed(byte value) throws SlipFramingException {
    int b = value & 0xFF;
    if (!inFrame) {
      if (b == Slip.END) {
        inFrame = true;
        frame.reset();
      } else {
        noiseBytes++;
        if (noise.size() < NOISE_SAMPLE) {
          noise.write(b);
        }
      }
      return null;
    }
    if (escaping) {
      escaping = false;
      if (b == Slip.ESC_END) {
        return append(Slip.END);
      }
      if (b == Slip.ESC_ESC) {
        return append(Slip.ESC);
      }
      inFrame = b == Slip.END;
      frame.reset();
      throw new SlipFramingException(String.format("invalid SLIP escape 0xdb 0x%02x", b));
    }
    if (b == Slip.ESC) {
      escaping = true;
      return null;
    }
    if (b == Slip.END) {
      if (frame.size() == 0) {
        return null; // back-to-back delimiters: the second one opens the next frame
      }
      byte[] packet = frame.toByteArray();
      frame.reset();
      inFrame = false;
      return packet;
    }
    return append(b);
  }

  private byte[] append(int b) throws SlipFramingException {
    if (frame.size() >= MAX_PACKET) {
      frame.reset();
      inFrame = false;
      throw new SlipFramingException("SLIP frame longer than " + MAX_PACKET + " bytes");
    }
    frame.write(b);
    return null;
  }

  /** Forgets any partial frame, e.g. after discarding the port's input. */
  public void reset() {
    frame.reset();
    inFrame = false;
    escaping = false;
  }

  /** How many bytes arrived outside any frame since the last {@link #clearNoise()}. */
  public long noiseBytes() {
    return noiseBytes;
  }

  /** The first bytes of that noise, printable characters kept, others as '.'. */
  public String noiseSample() {
    StringBuilder sb = new StringBuilder();
    for (byte c : noise.toByteArray()) {
      sb.append(c >= 0x20 && c < 0x7F ? (char) c : '.');
    }
    return sb.toString();
  }

  public String noiseText() {
    return new String(noise.toByteArray(), StandardCharsets.ISO_8859_1);
  }

  public void clearNoise() {
    noise.reset();
    noiseBytes = 0;
  }
}
