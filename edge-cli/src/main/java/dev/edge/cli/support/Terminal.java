package dev.edge.cli.support;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;

/**
 * The user's terminal through termios (JNA, loaded on first use): whether a descriptor is a
 * terminal, its size, and raw mode for a TTY session with a container.
 */
public final class Terminal {
  public static final int STDIN = 0;
  public static final int STDOUT = 1;
  private static final int TCSANOW = 0;
  /** ioctl request for the window size: 0x5413 on x86, ARM and every generic Linux ABI. */
  private static final long TIOCGWINSZ = 0x5413;
  /** glibc's struct termios is 60 bytes; the buffer only has to be at least that. */
  private static final int TERMIOS_BYTES = 128;

  private Terminal() {}

  /** The libc calls needed; termios is passed as opaque bytes that cfmakeraw edits. */
  interface LibC extends Library {
    int isatty(int fd);

    int tcgetattr(int fd, byte[] termios) throws LastErrorException;

    int tcsetattr(int fd, int actions, byte[] termios) throws LastErrorException;

    void cfmakeraw(byte[] termios);

    int ioctl(int fd, NativeLong request, short[] winsize) throws LastErrorException;
  }

  private static final class Holder {
    static final LibC C = Native.load("c", LibC.class);
  }

  public static boolean isTerminal(int fd) {
    return Holder.C.isatty(fd) == 1;
  }

  /** Rows and columns, as a container's TTY is resized to. */
  public record Size(int rows, int columns) {}

  /** The window size of {@code fd}, or null when it is not a terminal or has no size. */
  public static Size size(int fd) {
    short[] winsize = new short[4];
    try {
      Holder.C.ioctl(fd, new NativeLong(TIOCGWINSZ), winsize);
    } catch (LastErrorException e) {
      return null;
    }
    int rows = winsize[0] & 0xffff;
    int columns = winsize[1] & 0xffff;
    return rows == 0 && columns == 0 ? null : new Size(rows, columns);
  }

  /**
   * Puts {@code fd} in raw mode (no echo, no line editing, no signals from keys: ctrl-c goes to
   * the container) until the returned handle is closed, or the JVM exits by any path.
   */
  public static RawMode makeRaw(int fd) {
    byte[] saved = new byte[TERMIOS_BYTES];
    try {
      Holder.C.tcgetattr(fd, saved);
      byte[] raw = saved.clone();
      Holder.C.cfmakeraw(raw);
      RawMode mode = new RawMode(fd, saved);
      Runtime.getRuntime().addShutdownHook(mode.hook);
      Holder.C.tcsetattr(fd, TCSANOW, raw);
      return mode;
    } catch (LastErrorException e) {
      throw new IllegalStateException("cannot put the terminal (fd " + fd + ") in raw mode: errno "
          + e.getErrorCode(), e);
    }
  }

  /** The terminal settings to put back; closing restores them once. */
  public static final class RawMode implements AutoCloseable {
    private final int fd;
    private final byte[] saved;
    private final Thread hook;
    private boolean restored;

    private RawMode(int fd, byte[] saved) {
      this.fd = fd;
      this.saved = saved;
      this.hook = new Thread(this::restore, "edge-terminal-restore");
    }

    private synchronized void restore() {
      if (!restored) {
        restored = true;
        try {
          Holder.C.tcsetattr(fd, TCSANOW, saved);
        } catch (LastErrorException e) {
          // the terminal is gone; nothing is left to restore
        }
      }
    }

    @Override
    public void close() {
      restore();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // already shutting down: the hook restores (again, harmlessly)
      }
    }
  }
}
