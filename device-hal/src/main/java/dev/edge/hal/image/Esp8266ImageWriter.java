package dev.edge.hal.image;

import java.io.IOException;
import java.nio.file.Path;

/** Serialises an {@link Esp8266Image} exactly as esptool's v1 {@code save}: header, segments, zero pad, checksum. */
public final class Esp8266ImageWriter {

  private Esp8266ImageWriter() {
  }

  public static byte[] toBytes(Esp8266Image image) {
    byte[] out = new byte[image.serializedLength()];
    out[0] = (byte) Esp8266Image.MAGIC;
    out[1] = (byte) image.segments().size();
    out[2] = (byte) image.flashModeByte();
    out[3] = (byte) image.flashSizeFreqByte();
    putU32(out, 4, image.entryPoint());
    int pos = Esp8266Image.HEADER_LENGTH;
    for (ImageSegment s : image.segments()) {
      putU32(out, pos, s.loadAddress());
      putU32(out, pos + 4, s.length());
      s.copyDataTo(out, pos + Esp8266Image.SEGMENT_HEADER_LENGTH);
      pos += Esp8266Image.SEGMENT_HEADER_LENGTH + s.length();
    }
    out[out.length - 1] = (byte) image.computedChecksum();
    return out;
  }

  /** Writes the image to {@code path} atomically, so a reader never sees half a file. */
  public static void write(Esp8266Image image, Path path) throws IOException {
    AtomicFiles.write(path, toBytes(image));
  }

  private static void putU32(byte[] b, int off, long v) {
    b[off] = (byte) v;
    b[off + 1] = (byte) (v >>> 8);
    b[off + 2] = (byte) (v >>> 16);
    b[off + 3] = (byte) (v >>> 24);
  }
}
