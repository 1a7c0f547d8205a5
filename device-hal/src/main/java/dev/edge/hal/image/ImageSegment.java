package dev.edge.hal.image;

import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

/**
 * A segment of an ESP8266 image: bytes the ROM copies to {@code loadAddress}. Two segments are equal when address
 * and data are; where a segment was read from is provenance, not content.
 *
 * @param loadAddress where the ROM loader puts the data
 * @param data        the segment's bytes
 * @param fileOffset  offset of the segment's 8-byte header in the file it was read from, if it was read
 */
public record ImageSegment(long loadAddress, byte[] data, OptionalLong fileOffset) {

  /** esptool's limit on one segment's length (its {@code save_segment} refuses 16 MiB and more). */
  public static final int MAX_LENGTH = 0x1000000 - 1;

  public ImageSegment {
    if (loadAddress < 0 || loadAddress > 0xFFFFFFFFL) {
      throw new IllegalArgumentException(String.format("load address 0x%x is not a 32-bit address", loadAddress));
    }
    if (data.length > MAX_LENGTH) {
      throw new IllegalArgumentException(String.format(
          "segment at 0x%08x is 0x%x bytes; the 16 MB limit is exceeded", loadAddress, data.length));
    }
    data = data.clone();
  }

  public ImageSegment(long loadAddress, byte[] data) {
    this(loadAddress, data, OptionalLong.empty());
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  public int length() {
    return data.length;
  }

  /** Memory regions that the start address falls in, e.g. {@code [IRAM]}; empty for an unknown address. */
  public List<String> memoryTypes() {
    return Esp8266MemoryMap.regionsOf(loadAddress);
  }

  /** The checksum state after folding this segment's data into {@code state}. */
  int foldChecksum(int state) {
    return ImageChecksum.update(state, data, 0, data.length);
  }

  void copyDataTo(byte[] target, int offset) {
    System.arraycopy(data, 0, target, offset, data.length);
  }

  /**
   * esptool warns about a RAM segment outside 0x3FFE0000–0x40200000 or longer than 64 KiB: usually a linker
   * script that put code somewhere the ROM cannot load it.
   */
  public boolean isSuspicious() {
    return loadAddress > 0x40200000L || loadAddress < 0x3FFE0000L || data.length > 65536;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ImageSegment s && s.loadAddress == loadAddress && Arrays.equals(s.data, data);
  }

  @Override
  public int hashCode() {
    return 31 * Long.hashCode(loadAddress) + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return String.format("len 0x%05x load 0x%08x", data.length, loadAddress);
  }
}
