package dev.edge.hal.image;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** SPI flash mode, header byte 2 of an ESP8266 image (esptool's {@code FLASH_MODES}). */
public enum FlashMode {
  QIO(0), QOUT(1), DIO(2), DOUT(3);

  private final int code;

  FlashMode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** The esptool spelling: {@code qio}, {@code qout}, {@code dio}, {@code dout}. */
  public String argName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<FlashMode> fromCode(int code) {
    return Arrays.stream(values()).filter(m -> m.code == code).findFirst();
  }

  /** Parses an esptool argument such as {@code dio}; throws naming the allowed values. */
  public static FlashMode parse(String arg) {
    for (FlashMode m : values()) {
      if (m.argName().equals(arg)) {
        return m;
      }
    }
    throw new IllegalArgumentException("flash mode '" + arg + "' is not one of qio, qout, dio, dout");
  }
}
