package dev.edge.cli.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Raw mode and window size on a real pseudo-terminal pair opened for the test. */
class TerminalTest {
  private static final int O_RDWR = 02;
  private static final int O_NOCTTY = 0400;
  private static final long TIOCSWINSZ = 0x5414;
  private static final int LFLAG_OFFSET = 12;
  private static final int ICANON = 02;
  private static final int ECHO = 010;

  interface PtyLibC extends Library {
    PtyLibC C = Native.load("c", PtyLibC.class);

    int posix_openpt(int flags);

    int grantpt(int fd);

    int unlockpt(int fd);

    String ptsname(int fd);

    int open(String path, int flags);

    int close(int fd);

    int ioctl(int fd, NativeLong request, short[] winsize);

    int tcgetattr(int fd, byte[] termios);
  }

  private int master = -1;
  private int slave = -1;

  @BeforeEach
  void openPty() {
    master = PtyLibC.C.posix_openpt(O_RDWR | O_NOCTTY);
    assertTrue(master >= 0);
    PtyLibC.C.grantpt(master);
    PtyLibC.C.unlockpt(master);
    slave = PtyLibC.C.open(PtyLibC.C.ptsname(master), O_RDWR | O_NOCTTY);
    assertTrue(slave >= 0);
  }

  @AfterEach
  void closePty() {
    PtyLibC.C.close(slave);
    PtyLibC.C.close(master);
  }

  private int localFlags() {
    byte[] termios = new byte[128];
    assertEquals(0, PtyLibC.C.tcgetattr(slave, termios));
    return (termios[LFLAG_OFFSET] & 0xff) | (termios[LFLAG_OFFSET + 1] & 0xff) << 8;
  }

  @Test
  void aPtyIsATerminalAndDevNullIsNot() {
    assertTrue(Terminal.isTerminal(slave));
    int devNull = PtyLibC.C.open("/dev/null", O_RDWR);
    try {
      assertFalse(Terminal.isTerminal(devNull));
      assertNull(Terminal.size(devNull));
    } finally {
      PtyLibC.C.close(devNull);
    }
  }

  @Test
  void theWindowSizeIsRead() {
    assertEquals(0, PtyLibC.C.ioctl(master, new NativeLong(TIOCSWINSZ),
        new short[] {41, 132, 0, 0}));
    assertEquals(new Terminal.Size(41, 132), Terminal.size(slave));
  }

  @Test
  void rawModeTurnsOffEchoAndLineEditingUntilClosed() {
    int cooked = localFlags();
    assertNotEquals(0, cooked & ICANON, "a new pty starts in canonical mode");
    try (Terminal.RawMode raw = Terminal.makeRaw(slave)) {
      assertEquals(0, localFlags() & (ICANON | ECHO));
    }
    assertEquals(cooked, localFlags());
  }
}
