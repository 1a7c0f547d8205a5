package dev.edge.hal.board;

import java.util.Arrays;
import java.util.Optional;

/**
 * USB-serial bridge chips found on ESP8266 boards and their adapters, by USB VID:PID (reference §5, from
 * PlatformIO's 99-platformio-udev.rules and board manifests).
 */
public enum UsbSerialBridge {
  CP210X(0x10c4, 0xea60, "CP210x"),
  CH340(0x1a86, 0x7523, "CH340"),
  CH9102(0x1a86, 0x55d4, "CH9102"),
  CH343(0x1a86, 0x55d3, "CH343"),
  FT232R(0x0403, 0x6001, "FT232R"),
  FT231X(0x0403, 0x6015, "FT231X"),
  PL2303(0x067b, 0x2303, "PL2303");

  private final int vendorId;
  private final int productId;
  private final String displayName;

  UsbSerialBridge(int vendorId, int productId, String displayName) {
    this.vendorId = vendorId;
    this.productId = productId;
    this.displayName = displayName;
  }

  public int vendorId() {
    return vendorId;
  }

  public int productId() {
    return productId;
  }

  /** The chip name users know, e.g. {@code CH340}. */
  public String displayName() {
    return displayName;
  }

  public static Optional<UsbSerialBridge> of(int vendorId, int productId) {
    return Arrays.stream(values())
        .filter(b -> b.vendorId == vendorId && b.productId == productId)
        .findFirst();
  }
}
