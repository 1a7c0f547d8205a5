package dev.edge.hal.board;

import java.util.Optional;

/**
 * A serial port that may have an ESP board behind it, as discovery found it.
 *
 * @param port   the device node, e.g. {@code /dev/ttyUSB0}
 * @param byId   the stable {@code /dev/serial/by-id/...} link to it, if udev made one
 * @param kind   how the port is attached
 * @param usb    the USB device behind it, for {@link PortKind#USB}
 */
public record BoardPort(String port, Optional<String> byId, PortKind kind, Optional<UsbDevice> usb) {

  /** The known bridge chip, by VID:PID. */
  public Optional<UsbSerialBridge> bridge() {
    return usb.flatMap(u -> UsbSerialBridge.of(u.vendorId(), u.productId()));
  }

  /** True when the port is behind a bridge chip that ESP8266 boards and their adapters use. */
  public boolean likelyEspBoard() {
    return bridge().isPresent();
  }

  /** The name the daemon uses for the port in events and URLs: the node's file name, e.g. {@code ttyUSB0}. */
  public String id() {
    return port.substring(port.lastIndexOf('/') + 1);
  }

  /**
   * What makes this the same physical attachment across scans: the node plus the USB device behind it, so a
   * different board that reuses {@code ttyUSB0} counts as a detach and an attach.
   */
  public String identity() {
    return port + usb.map(u -> "|" + u.busPath() + "|" + u.vidPid() + "|" + u.serialNumber().orElse(""))
        .orElse("");
  }
}
