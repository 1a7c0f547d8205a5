package dev.edge.runtime.spec;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** A real pseudo-terminal pair from libc: the host keeps the master, a container gets the slave. */
final class TestPty implements AutoCloseable {
  static final int O_RDWR = 02;
  static final int O_NOCTTY = 0400;
  static final int O_NONBLOCK = 04000;
  static final long POLL_MILLIS = 20;

  /** libc's pty calls. */
  interface C extends Library {
    C LIB = Native.load("c", C.class);

    int posix_openpt(int flags);

    int grantpt(int fd);

    int unlockpt(int fd);

    String ptsname(int fd);

    int read(int fd, byte[] buf, long count);

    int close(int fd);
  }

  private final int master;
  private final Path slave;

  TestPty() {
    master = C.LIB.posix_openpt(O_RDWR | O_NOCTTY | O_NONBLOCK);
    if (master < 0 || C.LIB.grantpt(master) != 0 || C.LIB.unlockpt(master) != 0) {
      throw new IllegalStateException("cannot open a pty pair (fd " + master + ")");
    }
    slave = Path.of(C.LIB.ptsname(master));
  }

  Path slave() {
    return slave;
  }

  /** What has been written to the slave side, waiting up to {@code millis} for something. */
  String readAvailable(long millis) throws InterruptedException {
    byte[] buf = new byte[256];
    long deadline = System.currentTimeMillis() + millis;
    while (System.currentTimeMillis() < deadline) {
      int n = C.LIB.read(master, buf, buf.length);
      if (n > 0) {
        return new String(buf, 0, n, StandardCharsets.US_ASCII);
      }
      Thread.sleep(POLL_MILLIS);
    }
    return "";
  }

  @Override
  public void close() {
    C.LIB.close(master);
  }
}
