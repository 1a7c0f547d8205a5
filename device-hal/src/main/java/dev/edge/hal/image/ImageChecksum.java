package dev.edge.hal.image;

/** The ESP ROM's one-byte checksum: XOR of all bytes, seeded with 0xEF (esptool's {@code ESPLoader.checksum}). */
public final class ImageChecksum {

  /** esptool's {@code ESP_CHECKSUM_MAGIC}. */
  public static final int SEED = 0xEF;

  private ImageChecksum() {
  }

  /** Folds {@code data[offset, offset+length)} into {@code state}. */
  public static int update(int state, byte[] data, int offset, int length) {
    int c = state;
    for (int i = offset; i < offset + length; i++) {
      c ^= data[i];
    }
    return c & 0xFF;
  }

  /** The checksum of {@code data} alone, seeded with 0xEF. */
  public static int of(byte[] data) {
    return update(SEED, data, 0, data.length);
  }
}
