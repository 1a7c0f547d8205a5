package dev.edge.hal.serial;

import com.sun.jna.LastErrorException;
import com.sun.jna.NativeLong;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A pty pair seen from the master side, for the board simulator and tests. The slave side is kept open and raw,
 * so a host program can open, close and reopen it without hanging up the master.
 */
public final class PseudoTerminal implements AutoCloseable {
  private static final LibC C = LibC.INSTANCE;

  private final int master;
  private final int slaveKeeper;
  private final String slavePath;
  private volatile boolean closed;

  private PseudoTerminal(int master, int slaveKeeper, String slavePath) {
    this.master = master;
    this.slaveKeeper = slaveKeeper;
    this.slavePath = slavePath;
  }

  public static PseudoTerminal open() throws IOException {
    int master = -1;
    try {
      master = C.posix_openpt(Ioctl.O_RDWR | Ioctl.O_NOCTTY | Ioctl.O_CLOEXEC);
      C.fcntl(master, Ioctl.F_SETFL, C.fcntl(master, Ioctl.F_GETFL, 0) | Ioctl.O_NONBLOCK);
      C.grantpt(master);
      C.unlockpt(master);
      byte[] name = new byte[128];
      C.ptsname_r(master, name, new NativeLong(name.length));
      int len = 0;
      while (len < name.length && name[len] != 0) {
        len++;
      }
      String slavePath = new String(name, 0, len, StandardCharsets.US_ASCII);
      int slave = C.open(slavePath, Ioctl.O_RDWR | Ioctl.O_NOCTTY | Ioctl.O_NONBLOCK | Ioctl.O_CLOEXEC);
      Termios2 t = new Termios2();
      C.ioctl(slave, Ioctl.TCGETS2, t);
      t.makeRaw();
      t.setBaud(PosixSerialPort.DEFAULT_BAUD);
      C.ioctl(slave, Ioctl.TCSETS2, t);
      return new PseudoTerminal(master, slave, slavePath);
    } catch (LastErrorException e) {
      if (master >= 0) {
        C.close(master);
      }
      throw new SerialPortException("cannot create a pseudo-terminal, errno " + e.getErrorCode());
    }
  }

  /** The slave device path, e.g. /dev/pts/3, that host programs open. */
  public String slavePath() {
    return slavePath;
  }

  /** Reads bytes the host wrote to the slave; 0 on timeout. */
  public int read(byte[] buffer, int offset, int len, Duration timeout) throws IOException {
    return DescriptorIo.read(master, "pty master " + slavePath, buffer, offset, len, timeout);
  }

  /** Sends bytes to the host reading the slave, waiting at most {@code timeout} for room. */
  public void write(byte[] data, int offset, int len, Duration timeout) throws IOException {
    DescriptorIo.write(master, "pty master " + slavePath, data, offset, len, timeout);
  }

  /** The baud rate the host last set on the slave (the master sees the slave's termios on Linux). */
  public int slaveBaudRate() throws IOException {
    try {
      Termios2 t = new Termios2();
      C.ioctl(master, Ioctl.TCGETS2, t);
      return t.c_ospeed;
    } catch (LastErrorException e) {
      throw new SerialPortException("pty " + slavePath + ": cannot read the line settings, errno "
          + e.getErrorCode());
    }
  }

  public boolean isClosed() {
    return closed;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      C.close(slaveKeeper);
    } catch (LastErrorException e) {
      // closing anyway
    }
    try {
      C.close(master);
    } catch (LastErrorException e) {
      // closing anyway
    }
  }
}
