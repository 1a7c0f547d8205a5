package dev.edge.hal.board;

import java.util.Optional;

/**
 * The USB device behind a serial port, from its sysfs attributes.
 *
 * @param vendorId        {@code idVendor}
 * @param productId       {@code idProduct}
 * @param manufacturer    {@code manufacturer}, if the device reports one
 * @param product         {@code product}, if the device reports one
 * @param serialNumber    {@code serial}, if the device reports one (cheap CH340s do not)
 * @param busPath         the USB device's sysfs name, e.g. {@code 1-1.3}: bus 1, hub port 1, then port 3
 * @param interfaceNumber the interface the tty belongs to, for multi-port bridges
 * @param driver          the kernel driver bound to the port, e.g. {@code cp210x}, {@code ch341-uart}
 */
public record UsbDevice(
    int vendorId,
    int productId,
    Optional<String> manufacturer,
    Optional<String> product,
    Optional<String> serialNumber,
    String busPath,
    Optional<Integer> interfaceNumber,
    Optional<String> driver) {

  /** {@code vvvv:pppp} in lower-case hex, as lsusb prints it. */
  public String vidPid() {
    return String.format("%04x:%04x", vendorId, productId);
  }
}
