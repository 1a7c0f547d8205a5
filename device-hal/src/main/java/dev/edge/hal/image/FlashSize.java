package dev.edge.hal.image;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** SPI flash size, the high nibble of header byte 3 of an ESP8266 image (esptool's {@code ESP8266ROM.FLASH_SIZES}). */
public enum FlashSize {
  SIZE_512KB("512KB", 0x00, 512 * 1024),
  SIZE_256KB("256KB", 0x10, 256 * 1024),
  SIZE_1MB("1MB", 0x20, 1024 * 1024),
  SIZE_2MB("2MB", 0x30, 2 * 1024 * 1024),
  SIZE_4MB("4MB", 0x40, 4 * 1024 * 1024),
  SIZE_2MB_C1("2MB-c1", 0x50, 2 * 1024 * 1024),
  SIZE_4MB_C1("4MB-c1", 0x60, 4 * 1024 * 1024),
  SIZE_8MB("8MB", 0x80, 8 * 1024 * 1024),
  SIZE_16MB("16MB", 0x90, 16 * 1024 * 1024);

  private final String argName;
  private final int bits;
  private final int bytes;

  FlashSize(String argName, int bits, int bytes) {
    this.argName = argName;
    this.bits = bits;
    this.bytes = bytes;
  }

  /** The esptool spelling, e.g. {@code 4MB} or {@code 2MB-c1}. */
  public String argName() {
    return argName;
  }

  /** The value of the high nibble, already shifted: 0x00…0x90. */
  public int bits() {
    return bits;
  }

  /** Flash size in bytes. */
  public int bytes() {
    return bytes;
  }

  /** Finds the size whose bits equal {@code sizeFreq & 0xF0}. */
  public static Optional<FlashSize> fromHeaderByte(int sizeFreq) {
    return Arrays.stream(values()).filter(s -> s.bits == (sizeFreq & 0xF0)).findFirst();
  }

  /** Parses an esptool argument such as {@code 4MB}; throws naming the allowed values. */
  public static FlashSize parse(String arg) {
    for (FlashSize s : values()) {
      if (s.argName.equals(arg)) {
        return s;
      }
    }
    throw new IllegalArgumentException("flash size '" + arg + "' is not one of "
        + Arrays.stream(values()).map(FlashSize::argName).collect(Collectors.joining(", ")));
  }
}
