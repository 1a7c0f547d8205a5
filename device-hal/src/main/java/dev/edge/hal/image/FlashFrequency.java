package dev.edge.hal.image;

import java.util.Arrays;
import java.util.Optional;

/** SPI flash clock, the low nibble of header byte 3 of an ESP8266 image (esptool's {@code FLASH_FREQUENCY}). */
public enum FlashFrequency {
  FREQ_40M("40m", 0x0), FREQ_26M("26m", 0x1), FREQ_20M("20m", 0x2), FREQ_80M("80m", 0xF);

  private final String argName;
  private final int bits;

  FlashFrequency(String argName, int bits) {
    this.argName = argName;
    this.bits = bits;
  }

  /** The esptool spelling, e.g. {@code 40m}. */
  public String argName() {
    return argName;
  }

  /** The value of the low nibble. */
  public int bits() {
    return bits;
  }

  public static Optional<FlashFrequency> fromHeaderByte(int sizeFreq) {
    return Arrays.stream(values()).filter(f -> f.bits == (sizeFreq & 0x0F)).findFirst();
  }

  /** Parses an esptool argument such as {@code 40m}; throws naming the allowed values. */
  public static FlashFrequency parse(String arg) {
    for (FlashFrequency f : values()) {
      if (f.argName.equals(arg)) {
        return f;
      }
    }
    throw new IllegalArgumentException("flash frequency '" + arg + "' is not one of 40m, 26m, 20m, 80m");
  }
}
