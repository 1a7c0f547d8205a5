package dev.edge.hal.serial;

import com.sun.jna.LastErrorException;
import com.sun.jna.NativeLong;
import java.io.IOException;
import java.time.Duration;

/** Timed reads and complete writes on a non-blocking descriptor, using poll() so nothing blocks forever. */
final class DescriptorIo {
  /** esptool's serial write timeout (reference §1.6). */
  static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);

  private static final LibC C = LibC.INSTANCE;

  private DescriptorIo() {
  }

  static int read(int fd, String name, byte[] buffer, int offset, int len, Duration timeout) throws IOException {
    if (len == 0) {
      return 0;
    }
    long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
    byte[] scratch = offset == 0 ? buffer : new byte[len];
    while (true) {
      long remainingMillis = Math.max(0, (deadline - System.nanoTime() + 999_999) / 1_000_000);
      short revents = poll(fd, name, Ioctl.POLLIN, remainingMillis);
      if (revents == 0) {
        if (System.nanoTime() >= deadline) {
          return 0;
        }
        continue;
      }
      if ((revents & Ioctl.POLLNVAL) != 0) {
        throw new PortDisconnectedException(name + ": port is closed");
      }
      int n;
      try {
        n = C.read(fd, scratch, new NativeLong(len)).intValue();
      } catch (LastErrorException e) {
        if (e.getErrorCode() == Errno.EAGAIN || e.getErrorCode() == Errno.EINTR) {
          continue;
        }
        throw readFailure(name, e.getErrorCode());
      }
      if (n == 0) {
        throw new PortDisconnectedException(name + ": the device hung up (unplugged, or the simulator stopped)");
      }
      if (scratch != buffer) {
        System.arraycopy(scratch, 0, buffer, offset, n);
      }
      return n;
    }
  }

  static void write(int fd, String name, byte[] data, int offset, int len) throws IOException {
    write(fd, name, data, offset, len, WRITE_TIMEOUT);
  }

  static void write(int fd, String name, byte[] data, int offset, int len, Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int done = 0;
    byte[] chunk = offset == 0 ? data : java.util.Arrays.copyOfRange(data, offset, offset + len);
    while (done < len) {
      byte[] rest = done == 0 ? chunk : java.util.Arrays.copyOfRange(chunk, done, len);
      try {
        done += C.write(fd, rest, new NativeLong(len - done)).intValue();
        continue;
      } catch (LastErrorException e) {
        if (e.getErrorCode() != Errno.EAGAIN && e.getErrorCode() != Errno.EINTR) {
          throw writeFailure(name, e.getErrorCode());
        }
      }
      long remainingMillis = (deadline - System.nanoTime()) / 1_000_000;
      if (remainingMillis <= 0) {
        throw new SerialPortException(name + ": write timed out after " + timeout.toMillis()
            + " ms with " + (len - done) + " bytes unsent (is flow control holding the line?)");
      }
      short revents = poll(fd, name, Ioctl.POLLOUT, remainingMillis);
      if ((revents & (Ioctl.POLLHUP | Ioctl.POLLERR | Ioctl.POLLNVAL)) != 0 && (revents & Ioctl.POLLOUT) == 0) {
        throw new PortDisconnectedException(name + ": the device hung up while writing");
      }
    }
  }

  private static short poll(int fd, String name, short events, long timeoutMillis) throws IOException {
    PollFd pfd = new PollFd(fd, events);
    try {
      int rc = C.poll(pfd, 1, (int) Math.min(Integer.MAX_VALUE, timeoutMillis));
      return rc == 0 ? 0 : pfd.revents;
    } catch (LastErrorException e) {
      if (e.getErrorCode() == Errno.EINTR) {
        return 0;
      }
      throw new SerialPortException(name + ": poll failed, errno " + e.getErrorCode());
    }
  }

  private static IOException readFailure(String name, int errno) {
    if (errno == Errno.EIO || errno == Errno.ENXIO || errno == Errno.ENODEV) {
      return new PortDisconnectedException(name + ": read failed, the device went away (unplugged, or the "
          + "simulator stopped; errno " + errno + ")");
    }
    return new SerialPortException(name + ": read failed, errno " + errno);
  }

  private static IOException writeFailure(String name, int errno) {
    if (errno == Errno.EIO || errno == Errno.ENXIO || errno == Errno.ENODEV) {
      return new PortDisconnectedException(name + ": write failed, the device went away (unplugged, or the "
          + "simulator stopped; errno " + errno + ")");
    }
    return new SerialPortException(name + ": write failed, errno " + errno);
  }
}
