package dev.edge.agent.boards;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A minimal sysfs and /dev with USB serial ports, in a temp dir: the hardware a test machine lacks. */
final class FakeUsbTree {
  final Path sys;
  final Path dev;

  FakeUsbTree(Path root) throws IOException {
    sys = Files.createDirectories(root.resolve("sys/class/tty")).getParent().getParent();
    dev = Files.createDirectories(root.resolve("dev/serial/by-id")).getParent().getParent();
  }

  /** Plugs in a usb-serial bridge as {@code tty} at USB path {@code busPath}. */
  FakeUsbTree plug(String tty, String busPath, String vid, String pid, String product, String serial)
      throws IOException {
    Path usb = Files.createDirectories(sys.resolve("devices/usb1").resolve(busPath));
    Files.writeString(usb.resolve("idVendor"), vid + "\n");
    Files.writeString(usb.resolve("idProduct"), pid + "\n");
    Files.writeString(usb.resolve("product"), product + "\n");
    if (serial != null) {
      Files.writeString(usb.resolve("serial"), serial + "\n");
      Files.createSymbolicLink(dev.resolve("serial/by-id/usb-" + product + "_" + serial + "-if00-port0"),
          Path.of("../../" + tty));
    }
    Path iface = Files.createDirectories(usb.resolve(busPath + ":1.0"));
    Files.writeString(iface.resolve("bInterfaceNumber"), "00\n");
    Path port = Files.createDirectories(iface.resolve(tty));
    Path ttyDir = Files.createDirectories(port.resolve("tty").resolve(tty));
    Files.createSymbolicLink(ttyDir.resolve("device"), Path.of("../../../" + tty));
    Files.createSymbolicLink(sys.resolve("class/tty").resolve(tty), sys.resolve("class/tty").relativize(ttyDir));
    Files.createFile(dev.resolve(tty));
    return this;
  }
}
