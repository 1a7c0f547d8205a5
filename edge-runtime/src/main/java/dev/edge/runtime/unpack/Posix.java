package dev.edge.runtime.unpack;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The file-system calls Java cannot make without following links or at all (mknod, lchown,
 * lsetxattr, utimensat without following, syncfs, mount), bound to libc through JNA.
 */
public final class Posix {
  public static final int S_IFCHR = 0020000;
  public static final int S_IFIFO = 0010000;
  public static final int AT_FDCWD = -100;
  public static final int AT_SYMLINK_NOFOLLOW = 0x100;
  public static final int MNT_DETACH = 2;
  public static final int MS_RDONLY = 1;
  public static final int MS_BIND = 4096;
  public static final int MS_REC = 16384;
  private static final int O_RDONLY = 0;
  private static final int O_CLOEXEC = 02000000;
  private static final int ENODATA = 61;
  private static final int XATTR_VALUE_MAX = 65536;

  private Posix() {}

  /** The libc symbols; glibc 2.33+ exports mknod itself (older ones only __xmknod). */
  interface LibC extends Library {
    LibC INSTANCE = Native.load("c", LibC.class);

    int mknod(String path, int mode, long dev) throws LastErrorException;

    int mkfifo(String path, int mode) throws LastErrorException;

    int lsetxattr(String path, String name, byte[] value, NativeLong size, int flags)
        throws LastErrorException;

    NativeLong lgetxattr(String path, String name, byte[] value, NativeLong size)
        throws LastErrorException;

    int open(String path, int flags) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    int syncfs(int fd) throws LastErrorException;

    int mount(String source, String target, String type, NativeLong flags, String data)
        throws LastErrorException;

    int umount2(String target, int flags) throws LastErrorException;
  }

  /**
   * The calls an unpack makes for every file, bound by JNA's direct mapping: a third of the
   * interface proxy's cost per call (6-10 against 15-19 µs for a chmod and a utimensat here).
   */
  private static final class PerFile {
    static {
      Native.register(PerFile.class, NativeLibrary.getInstance("c"));
    }

    static native int chmod(String path, int mode) throws LastErrorException;

    static native int lchown(String path, int uid, int gid) throws LastErrorException;

    /** Two struct timespec as longs: LP64, where time_t and long are 64 bits. */
    static native int utimensat(int dirfd, String path, long[] times, int flags)
        throws LastErrorException;

    /** Two struct timespec as ints: 32-bit ARM's time_t and long. */
    static native int utimensat(int dirfd, String path, int[] times, int flags)
        throws LastErrorException;
  }

  public static void mknod(Path path, int mode, long device) throws IOException {
    try {
      LibC.INSTANCE.mknod(path.toString(), mode, device);
    } catch (LastErrorException e) {
      throw failure("mknod", path, e);
    }
  }

  public static void mkfifo(Path path, int mode) throws IOException {
    try {
      LibC.INSTANCE.mkfifo(path.toString(), mode);
    } catch (LastErrorException e) {
      throw failure("mkfifo", path, e);
    }
  }

  /** chown that changes a symlink itself, never what it points to. */
  public static void lchown(Path path, int uid, int gid) throws IOException {
    try {
      PerFile.lchown(path.toString(), uid, gid);
    } catch (LastErrorException e) {
      throw failure("lchown", path, e);
    }
  }

  /** Follows links: call it only on a path the caller created as a file or directory. */
  public static void chmod(Path path, int mode) throws IOException {
    try {
      PerFile.chmod(path.toString(), mode);
    } catch (LastErrorException e) {
      throw failure("chmod", path, e);
    }
  }

  public static void lsetxattr(Path path, String name, byte[] value) throws IOException {
    try {
      LibC.INSTANCE.lsetxattr(path.toString(), name, value, new NativeLong(value.length), 0);
    } catch (LastErrorException e) {
      throw failure("lsetxattr " + name, path, e);
    }
  }

  /** The value of an extended attribute, or null when the file does not have it. */
  public static byte[] lgetxattr(Path path, String name) throws IOException {
    byte[] buffer = new byte[XATTR_VALUE_MAX];
    try {
      long length = LibC.INSTANCE.lgetxattr(path.toString(), name, buffer,
          new NativeLong(buffer.length)).longValue();
      return java.util.Arrays.copyOf(buffer, (int) length);
    } catch (LastErrorException e) {
      if (e.getErrorCode() == ENODATA) {
        return null;
      }
      throw failure("lgetxattr " + name, path, e);
    }
  }

  /** Sets access and modification time of the path itself, even when it is a symlink. */
  public static void setTimesNoFollow(Path path, long epochSecond, int nanos) throws IOException {
    try {
      if (NativeLong.SIZE == 8) {
        PerFile.utimensat(AT_FDCWD, path.toString(),
            new long[] {epochSecond, nanos, epochSecond, nanos}, AT_SYMLINK_NOFOLLOW);
      } else {
        PerFile.utimensat(AT_FDCWD, path.toString(),
            new int[] {(int) epochSecond, nanos, (int) epochSecond, nanos}, AT_SYMLINK_NOFOLLOW);
      }
    } catch (LastErrorException e) {
      throw failure("utimensat", path, e);
    }
  }

  /** Flushes every dirty page of the file system holding {@code path}: one call per layer. */
  public static void syncFileSystem(Path path) throws IOException {
    int fd;
    try {
      fd = LibC.INSTANCE.open(path.toString(), O_RDONLY | O_CLOEXEC);
    } catch (LastErrorException e) {
      throw failure("open", path, e);
    }
    try {
      LibC.INSTANCE.syncfs(fd);
    } catch (LastErrorException e) {
      throw failure("syncfs", path, e);
    } finally {
      LibC.INSTANCE.close(fd);
    }
  }

  public static void mount(String source, Path target, String type, long flags, String data)
      throws IOException {
    try {
      LibC.INSTANCE.mount(source, target.toString(), type, new NativeLong(flags), data);
    } catch (LastErrorException e) {
      throw failure("mount -t " + type, target, e);
    }
  }

  public static void unmountDetached(Path target) throws IOException {
    try {
      LibC.INSTANCE.umount2(target.toString(), MNT_DETACH);
    } catch (LastErrorException e) {
      throw failure("umount", target, e);
    }
  }

  private static IOException failure(String call, Path path, LastErrorException e) {
    return new IOException(call + " " + path + ": " + strerror(e), e);
  }

  private static String strerror(LastErrorException e) {
    String message = e.getMessage();
    int bracket = message == null ? -1 : message.indexOf(']');
    return bracket >= 0 ? message.substring(bracket + 1).trim() : String.valueOf(message);
  }

  /** The errno behind a failure from this class, or 0 when there is none. */
  public static int errno(IOException e) {
    return e.getCause() instanceof LastErrorException le ? le.getErrorCode() : 0;
  }
}
