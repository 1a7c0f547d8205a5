package dev.edge.hal.serial;

import com.sun.jna.NativeLong;

/** tty ioctl request numbers and flag bits (asm-generic layout used by x86-64, arm and arm64 Linux). */
final class Ioctl {
  /** {@code _IOR('T', 0x2A, struct termios2)}, 44-byte struct. */
  static final NativeLong TCGETS2 = request(0x802C542AL);
  /** {@code _IOW('T', 0x2B, struct termios2)}. */
  static final NativeLong TCSETS2 = request(0x402C542BL);
  static final NativeLong TCSBRK = request(0x5409);
  static final NativeLong TCFLSH = request(0x540B);
  static final NativeLong TIOCEXCL = request(0x540C);
  static final NativeLong TIOCNXCL = request(0x540D);
  static final NativeLong TIOCMGET = request(0x5415);
  static final NativeLong TIOCMBIS = request(0x5416);
  static final NativeLong TIOCMBIC = request(0x5417);
  static final NativeLong TIOCMSET = request(0x5418);

  static final int TCIFLUSH = 0;
  static final int TIOCM_DTR = 0x002;
  static final int TIOCM_RTS = 0x004;

  static final int F_GETFL = 3;
  static final int F_SETFL = 4;

  static final int O_RDWR = 02;
  static final int O_NOCTTY = 0400;
  static final int O_NONBLOCK = 04000;
  static final int O_CLOEXEC = 02000000;

  static final short POLLIN = 0x001;
  static final short POLLOUT = 0x004;
  static final short POLLERR = 0x008;
  static final short POLLHUP = 0x010;
  static final short POLLNVAL = 0x020;

  private Ioctl() {
  }

  private static NativeLong request(long value) {
    return new NativeLong(value, true);
  }
}
