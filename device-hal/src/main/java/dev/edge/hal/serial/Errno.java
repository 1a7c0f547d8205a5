package dev.edge.hal.serial;

/** Linux errno values the serial layer reacts to (asm-generic numbering, same on x86-64, arm and arm64). */
final class Errno {
  static final int EPERM = 1;
  static final int ENOENT = 2;
  static final int EINTR = 4;
  static final int EIO = 5;
  static final int ENXIO = 6;
  static final int EAGAIN = 11;
  static final int EACCES = 13;
  static final int EBUSY = 16;
  static final int ENODEV = 19;
  static final int EINVAL = 22;
  static final int ENOTTY = 25;

  private Errno() {
  }
}
