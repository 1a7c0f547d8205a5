package dev.edge.hal.board;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A sysfs and /dev tree in a temp dir, laid out as Linux lays out USB serial ports, SoC UARTs and virtual ttys:
 * the hardware that cannot be attached to a test machine.
 */
final class FakeSysfs {

  private static final String HOST_CONTROLLER = "devices/pci0000:00/0000:00:14.0/usb1";

  final Path sys;
  final Path dev;

  FakeSysfs(Path root) throws IOException {
    this.sys = Files.createDirectories(root.resolve("sys"));
    this.dev = Files.createDirectories(root.resolve("dev"));
    Files.createDirectories(sys.resolve("class/tty"));
    Files.createDirectories(dev.resolve("pts"));
    // the root hub has idVendor too; discovery must stop at the device nearest the tty
    Path hub = Files.createDirectories(sys.resolve(HOST_CONTROLLER));
    Files.writeString(hub.resolve("idVendor"), "1d6b\n");
    Files.writeString(hub.resolve("idProduct"), "0002\n");
  }

  /** A usb-serial port (ttyUSB*): tty → port device → interface → USB device. */
  FakeSysfs usbSerial(String tty, String busPath, String vid, String pid, String manufacturer, String product,
      String serial, String driver) throws IOException {
    Path usb = usbDevice(busPath, vid, pid, manufacturer, product, serial);
    Path iface = Files.createDirectories(usb.resolve(busPath + ":1.0"));
    Files.writeString(iface.resolve("bInterfaceNumber"), "00\n");
    Path port = Files.createDirectories(iface.resolve(tty));
    Files.createSymbolicLink(port.resolve("driver"), Path.of("../../../../../../../bus/usb-serial/drivers/" + driver));
    Path ttyDir = Files.createDirectories(port.resolve("tty").resolve(tty));
    Files.createSymbolicLink(ttyDir.resolve("device"), Path.of("../../../" + tty));
    classLink(tty, ttyDir);
    node(tty);
    if (serial != null) {
      String id = ("usb-" + manufacturer + "_" + product + "_" + serial + "-if00-port0").replace(' ', '_');
      Files.createDirectories(dev.resolve("serial/by-id"));
      Files.createSymbolicLink(dev.resolve("serial/by-id").resolve(id), Path.of("../../" + tty));
    }
    return this;
  }

  /** A CDC-ACM port (ttyACM*): tty → interface → USB device. */
  FakeSysfs usbAcm(String tty, String busPath, String vid, String pid, String product) throws IOException {
    Path usb = usbDevice(busPath, vid, pid, null, product, null);
    Path iface = Files.createDirectories(usb.resolve(busPath + ":1.0"));
    Files.writeString(iface.resolve("bInterfaceNumber"), "00\n");
    Files.createSymbolicLink(iface.resolve("driver"), Path.of("../../../../../../bus/usb/drivers/cdc_acm"));
    Path ttyDir = Files.createDirectories(iface.resolve("tty").resolve(tty));
    Files.createSymbolicLink(ttyDir.resolve("device"), Path.of("../../../" + busPath + ":1.0"));
    classLink(tty, ttyDir);
    node(tty);
    return this;
  }

  /** A SoC UART such as the Pi's ttyAMA0, with the serial0 alias udev makes on Raspberry Pi OS. */
  FakeSysfs socUart(String tty, String alias) throws IOException {
    Path uart = Files.createDirectories(sys.resolve("devices/platform/soc/fe201000.serial"));
    Path ttyDir = Files.createDirectories(uart.resolve("tty").resolve(tty));
    Files.createSymbolicLink(ttyDir.resolve("device"), Path.of("../../../fe201000.serial"));
    classLink(tty, ttyDir);
    node(tty);
    Files.createSymbolicLink(dev.resolve(alias), Path.of(tty));
    return this;
  }

  /** A virtual tty (console, vt): no device link. */
  FakeSysfs virtualTty(String tty) throws IOException {
    Path ttyDir = Files.createDirectories(sys.resolve("devices/virtual/tty").resolve(tty));
    classLink(tty, ttyDir);
    node(tty);
    return this;
  }

  Path pty(int n) throws IOException {
    return Files.createFile(dev.resolve("pts").resolve(String.valueOf(n)));
  }

  /** Unplugs a USB device: its sysfs subtree, class link, node and by-id link go. */
  void unplug(String tty, String busPath) throws IOException {
    Files.deleteIfExists(dev.resolve(tty));
    Path byId = dev.resolve("serial/by-id");
    if (Files.isDirectory(byId)) {
      try (Stream<Path> links = Files.list(byId)) {
        for (Path link : links.toList()) {
          if (Files.readSymbolicLink(link).getFileName().toString().equals(tty)) {
            Files.delete(link);
          }
        }
      }
    }
    Files.deleteIfExists(sys.resolve("class/tty").resolve(tty));
    deleteTree(sys.resolve(HOST_CONTROLLER).resolve(busPath));
  }

  private Path usbDevice(String busPath, String vid, String pid, String manufacturer, String product,
      String serial) throws IOException {
    Path usb = Files.createDirectories(sys.resolve(HOST_CONTROLLER).resolve(busPath));
    Files.writeString(usb.resolve("idVendor"), vid + "\n");
    Files.writeString(usb.resolve("idProduct"), pid + "\n");
    if (manufacturer != null) {
      Files.writeString(usb.resolve("manufacturer"), manufacturer + "\n");
    }
    if (product != null) {
      Files.writeString(usb.resolve("product"), product + "\n");
    }
    if (serial != null) {
      Files.writeString(usb.resolve("serial"), serial + "\n");
    }
    return usb;
  }

  private void classLink(String tty, Path ttyDir) throws IOException {
    Files.createSymbolicLink(sys.resolve("class/tty").resolve(tty),
        sys.resolve("class/tty").relativize(ttyDir));
  }

  private void node(String tty) throws IOException {
    Files.createFile(dev.resolve(tty));
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
