package dev.edge.hal.serial;

import com.sun.jna.LastErrorException;
import com.sun.jna.ptr.IntByReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.time.Duration;
import java.util.List;

/**
 * A Linux serial port through JNA: raw 8N1, any baud rate via termios2/BOTHER, poll()-based timed reads,
 * DTR/RTS via TIOCM*, and exclusive use via TIOCEXCL plus a lock file. Works on ttyUSB, ttyACM, ttyAMA and ptys.
 */
public final class PosixSerialPort implements SerialPort {
  /** The ROM loader's rate and esptool's default (reference §1.5, ESP_ROM_BAUD). */
  public static final int DEFAULT_BAUD = 115200;

  private static final LibC C = LibC.INSTANCE;

  private final String name;
  private final int fd;
  private final PortLock lock;
  private final boolean modemLines;
  private int baud;
  private boolean closed;

  private PosixSerialPort(String name, int fd, PortLock lock, boolean modemLines, int baud) {
    this.name = name;
    this.fd = fd;
    this.lock = lock;
    this.modemLines = modemLines;
    this.baud = baud;
  }

  /** Opens {@code path} exclusively at {@link #DEFAULT_BAUD}. */
  public static PosixSerialPort open(String path) throws IOException {
    return open(path, DEFAULT_BAUD);
  }

  public static PosixSerialPort open(String path, int baud) throws IOException {
    Path device = resolve(path);
    PortLock lock = PortLock.acquire(path, device);
    int fd = -1;
    try {
      fd = openDescriptor(path, device);
      exclusive(path, device, fd);
      Termios2 t = new Termios2();
      C.ioctl(fd, Ioctl.TCGETS2, t);
      t.makeRaw();
      t.setBaud(baud);
      C.ioctl(fd, Ioctl.TCSETS2, t);
      C.ioctl(fd, Ioctl.TCFLSH, Ioctl.TCIFLUSH);
      return new PosixSerialPort(path, fd, lock, probeModemLines(fd), baud);
    } catch (LastErrorException e) {
      closeQuietly(fd);
      lock.close();
      throw new SerialPortException(path + ": not a usable serial port (termios2 failed, errno "
          + e.getErrorCode() + ")");
    } catch (IOException | RuntimeException e) {
      closeQuietly(fd);
      lock.close();
      throw e;
    }
  }

  private static Path resolve(String path) throws IOException {
    try {
      return Path.of(path).toRealPath();
    } catch (java.nio.file.NoSuchFileException e) {
      throw new PortAccessException(path + ": no such port (is the board plugged in? see `edge boards`)");
    }
  }

  private static int openDescriptor(String name, Path device) throws IOException {
    try {
      return C.open(device.toString(), Ioctl.O_RDWR | Ioctl.O_NOCTTY | Ioctl.O_NONBLOCK | Ioctl.O_CLOEXEC);
    } catch (LastErrorException e) {
      switch (e.getErrorCode()) {
        case Errno.EACCES:
        case Errno.EPERM:
          throw new PortAccessException(name + ": permission denied; add your user to the '"
              + group(device) + "' group (sudo usermod -aG " + group(device)
              + " $USER, then log in again), or in Docker pass --device and --group-add");
        case Errno.EBUSY:
          throw busy(name, device);
        case Errno.ENOENT:
        case Errno.ENXIO:
        case Errno.ENODEV:
          throw new PortAccessException(name + ": no device behind this port (unplugged?)");
        default:
          throw new SerialPortException(name + ": open failed, errno " + e.getErrorCode());
      }
    }
  }

  private static void exclusive(String name, Path device, int fd) throws IOException {
    try {
      C.ioctl(fd, Ioctl.TIOCEXCL, 0);
    } catch (LastErrorException e) {
      if (e.getErrorCode() == Errno.EBUSY) {
        throw busy(name, device);
      }
      // TIOCEXCL is advisory hardening; the lock file still guards the port
    }
  }

  private static PortBusyException busy(String name, Path device) {
    List<String> holders = PortHolders.of(device);
    String who = holders.isEmpty() ? "another program" : String.join(", ", holders);
    String hint = holders.stream().anyMatch(h -> h.contains("ModemManager"))
        ? "; ModemManager probes new USB serial ports: stop it or add a udev rule with"
            + " ENV{ID_MM_DEVICE_IGNORE}=\"1\" for this board"
        : "; close it, or if ModemManager is running, add a udev rule with ENV{ID_MM_DEVICE_IGNORE}=\"1\"";
    return new PortBusyException(name + ": port is busy, opened exclusively by " + who + hint);
  }

  private static String group(Path device) {
    try {
      return Files.readAttributes(device, PosixFileAttributes.class).group().getName();
    } catch (IOException | UnsupportedOperationException e) {
      return "dialout";
    }
  }

  private static boolean probeModemLines(int fd) {
    try {
      C.ioctl(fd, Ioctl.TIOCMGET, new IntByReference());
      return true;
    } catch (LastErrorException e) {
      return false;
    }
  }

  private static void closeQuietly(int fd) {
    if (fd >= 0) {
      try {
        C.close(fd);
      } catch (LastErrorException e) {
        // already failing; report the first error
      }
    }
  }

  @Override
  public String name() {
    return name;
  }

  /** False on ptys and UARTs without DTR/RTS (TIOCMGET fails with ENOTTY or EINVAL). */
  public boolean hasModemLines() {
    return modemLines;
  }

  @Override
  public int read(byte[] buffer, int offset, int len, Duration timeout) throws IOException {
    ensureOpen();
    return DescriptorIo.read(fd, name, buffer, offset, len, timeout);
  }

  @Override
  public void write(byte[] data, int offset, int len) throws IOException {
    ensureOpen();
    DescriptorIo.write(fd, name, data, offset, len);
  }

  @Override
  public void drain() throws IOException {
    ensureOpen();
    try {
      C.ioctl(fd, Ioctl.TCSBRK, 1);
    } catch (LastErrorException e) {
      if (e.getErrorCode() == Errno.EIO || e.getErrorCode() == Errno.ENXIO) {
        throw new PortDisconnectedException(name + ": the device went away while draining output");
      }
      throw new SerialPortException(name + ": tcdrain failed, errno " + e.getErrorCode());
    }
  }

  @Override
  public void discardInput() throws IOException {
    ensureOpen();
    try {
      C.ioctl(fd, Ioctl.TCFLSH, Ioctl.TCIFLUSH);
    } catch (LastErrorException e) {
      throw new SerialPortException(name + ": flushing input failed, errno " + e.getErrorCode());
    }
  }

  @Override
  public void setBaudRate(int newBaud) throws IOException {
    ensureOpen();
    if (newBaud <= 0) {
      throw new IllegalArgumentException("baud rate must be positive: " + newBaud);
    }
    try {
      Termios2 t = new Termios2();
      C.ioctl(fd, Ioctl.TCGETS2, t);
      t.setBaud(newBaud);
      C.ioctl(fd, Ioctl.TCSETS2, t);
      baud = newBaud;
    } catch (LastErrorException e) {
      throw new SerialPortException(name + ": cannot set " + newBaud + " baud, errno " + e.getErrorCode());
    }
  }

  @Override
  public int baudRate() {
    return baud;
  }

  @Override
  public LineControl setDtr(boolean asserted) throws IOException {
    return modemBits(Ioctl.TIOCM_DTR, asserted);
  }

  @Override
  public LineControl setRts(boolean asserted) throws IOException {
    return modemBits(Ioctl.TIOCM_RTS, asserted);
  }

  @Override
  public LineControl setDtrRts(boolean dtr, boolean rts) throws IOException {
    ensureOpen();
    if (!modemLines) {
      return LineControl.NO_MODEM_LINES;
    }
    try {
      IntByReference bits = new IntByReference();
      C.ioctl(fd, Ioctl.TIOCMGET, bits);
      int value = bits.getValue() & ~(Ioctl.TIOCM_DTR | Ioctl.TIOCM_RTS);
      value |= (dtr ? Ioctl.TIOCM_DTR : 0) | (rts ? Ioctl.TIOCM_RTS : 0);
      C.ioctl(fd, Ioctl.TIOCMSET, new IntByReference(value));
      return LineControl.APPLIED;
    } catch (LastErrorException e) {
      return modemFailure(e);
    }
  }

  private LineControl modemBits(int bit, boolean asserted) throws IOException {
    ensureOpen();
    if (!modemLines) {
      return LineControl.NO_MODEM_LINES;
    }
    try {
      C.ioctl(fd, asserted ? Ioctl.TIOCMBIS : Ioctl.TIOCMBIC, new IntByReference(bit));
      return LineControl.APPLIED;
    } catch (LastErrorException e) {
      return modemFailure(e);
    }
  }

  private LineControl modemFailure(LastErrorException e) throws IOException {
    if (e.getErrorCode() == Errno.ENOTTY || e.getErrorCode() == Errno.EINVAL) {
      return LineControl.NO_MODEM_LINES;
    }
    if (e.getErrorCode() == Errno.EIO || e.getErrorCode() == Errno.ENXIO) {
      throw new PortDisconnectedException(name + ": the device went away while setting DTR/RTS");
    }
    throw new SerialPortException(name + ": setting DTR/RTS failed, errno " + e.getErrorCode());
  }

  private void ensureOpen() throws SerialPortException {
    if (closed) {
      throw new SerialPortException(name + ": port is closed");
    }
  }

  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      try {
        C.ioctl(fd, Ioctl.TIOCNXCL, 0);
      } catch (LastErrorException e) {
        // the device may already be gone
      }
      closeQuietly(fd);
    } finally {
      lock.close();
    }
  }
}
