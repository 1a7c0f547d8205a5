package dev.edge.hal.board;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds serial ports from sysfs: {@code /sys/class/tty/NAME/device} leads to the USB interface and, one level up,
 * the USB device with its {@code idVendor}, {@code idProduct}, {@code manufacturer}, {@code product} and
 * {@code serial}; {@code /dev/serial/by-id} gives the stable name. Both roots are injectable so tests can build
 * the tree in a temp dir.
 */
public final class BoardDiscovery {

  private static final Pattern TRAILING_NUMBER = Pattern.compile("^(.*?)(\\d{1,9})$");

  private final Path sysRoot;
  private final Path devRoot;

  public BoardDiscovery(Path sysRoot, Path devRoot) {
    this.sysRoot = sysRoot;
    this.devRoot = devRoot;
  }

  /** Discovery on this machine's {@code /sys} and {@code /dev}. */
  public static BoardDiscovery system() {
    return new BoardDiscovery(Path.of("/sys"), Path.of("/dev"));
  }

  public Path devRoot() {
    return devRoot;
  }

  /** Every USB serial port, in natural order (ttyACM0, ttyUSB0, ttyUSB2, ttyUSB10). */
  public List<BoardPort> list() throws IOException {
    Path classTty = sysRoot.resolve("class/tty");
    if (!Files.isDirectory(classTty)) {
      return List.of();
    }
    Map<String, String> byId = byIdLinks();
    List<BoardPort> ports = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(classTty)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        Optional<UsbDevice> usb = usbDevice(entry.resolve("device"));
        if (usb.isPresent()) {
          ports.add(new BoardPort(devRoot.resolve(name).toString(), Optional.ofNullable(byId.get(name)),
              PortKind.USB, usb));
        }
      }
    }
    ports.sort(Comparator.comparing(BoardPort::id, BoardDiscovery::compareNatural));
    return ports;
  }

  /**
   * Describes a port given by path: a USB port, a SoC UART such as {@code /dev/ttyAMA0} or {@code /dev/serial0},
   * or a pseudo-terminal such as the simulator's link. Symlinks are followed.
   */
  public BoardPort describe(String path) throws IOException {
    Path real;
    try {
      real = Path.of(path).toRealPath();
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(path, null, "no such serial port (is the board plugged in? "
          + "`edge boards` lists the ports)");
    }
    String name = real.getFileName().toString();
    Optional<String> byId = Optional.ofNullable(byIdLinks().get(name));
    if (real.startsWith(devRoot.resolve("pts"))) {
      return new BoardPort(real.toString(), byId, PortKind.PTY, Optional.empty());
    }
    Path device = sysRoot.resolve("class/tty").resolve(name).resolve("device");
    Optional<UsbDevice> usb = usbDevice(device);
    if (usb.isPresent()) {
      return new BoardPort(real.toString(), byId, PortKind.USB, usb);
    }
    PortKind kind = Files.exists(device) ? PortKind.ONBOARD_UART : PortKind.OTHER;
    return new BoardPort(real.toString(), byId, kind, Optional.empty());
  }

  /** tty name → {@code /dev/serial/by-id/...} path that points to it. */
  private Map<String, String> byIdLinks() throws IOException {
    Path dir = devRoot.resolve("serial/by-id");
    Map<String, String> links = new HashMap<>();
    if (!Files.isDirectory(dir)) {
      return links;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path link : entries) {
        if (Files.isSymbolicLink(link)) {
          Path target = link.getParent().resolve(Files.readSymbolicLink(link)).normalize();
          links.put(target.getFileName().toString(), link.toString());
        }
      }
    }
    return links;
  }

  /** Walks up from the tty's device to the first directory with {@code idVendor}: the USB device. */
  private Optional<UsbDevice> usbDevice(Path deviceLink) throws IOException {
    if (!Files.exists(deviceLink)) {
      return Optional.empty();
    }
    Path device;
    try {
      device = deviceLink.toRealPath();
    } catch (NoSuchFileException unpluggedMeanwhile) {
      return Optional.empty();
    }
    Path sysReal = sysRoot.toRealPath();
    Path iface = null;
    for (Path dir = device; dir != null && dir.startsWith(sysReal) && !dir.equals(sysReal);
        dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("bInterfaceNumber"))) {
        iface = dir;
      }
      if (Files.isRegularFile(dir.resolve("idVendor"))) {
        return read(dir, iface, device);
      }
    }
    return Optional.empty();
  }

  private static Optional<UsbDevice> read(Path usb, Path iface, Path port) throws IOException {
    Optional<Integer> vid = hex(attribute(usb, "idVendor"));
    Optional<Integer> pid = hex(attribute(usb, "idProduct"));
    if (vid.isEmpty() || pid.isEmpty()) {
      return Optional.empty();
    }
    Optional<Integer> ifaceNumber = iface == null ? Optional.empty()
        : hex(attribute(iface, "bInterfaceNumber"));
    Optional<String> driver = driver(port).or(() -> iface == null ? Optional.empty() : driver(iface));
    return Optional.of(new UsbDevice(vid.get(), pid.get(), attribute(usb, "manufacturer"),
        attribute(usb, "product"), attribute(usb, "serial"), usb.getFileName().toString(),
        ifaceNumber, driver));
  }

  private static Optional<String> driver(Path dir) {
    Path link = dir.resolve("driver");
    try {
      return Files.isSymbolicLink(link)
          ? Optional.of(Files.readSymbolicLink(link).getFileName().toString())
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> attribute(Path dir, String name) throws IOException {
    try {
      String value = Files.readString(dir.resolve(name), StandardCharsets.UTF_8).strip();
      return value.isEmpty() ? Optional.empty() : Optional.of(value);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  private static Optional<Integer> hex(Optional<String> value) {
    try {
      return value.map(v -> Integer.parseInt(v, 16));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  static int compareNatural(String a, String b) {
    Matcher ma = TRAILING_NUMBER.matcher(a);
    Matcher mb = TRAILING_NUMBER.matcher(b);
    if (ma.matches() && mb.matches() && ma.group(1).equals(mb.group(1))) {
      return Integer.compare(Integer.parseInt(ma.group(2)), Integer.parseInt(mb.group(2)));
    }
    return a.compareTo(b);
  }
}
