package dev.edge.runtime.monitor;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Structure;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * A Unix {@code SOCK_SEQPACKET} client, which the JDK does not offer: conmon's attach socket
 * is one. Each receive is one message; a zero-length receive is the end. Connects through
 * {@code /proc/self/fd/N/} so a socket deep in the daemon's root stays under the 108-byte
 * path limit.
 */
public final class SeqPacketSocket implements Closeable {
  private static final int AF_UNIX = 1;
  private static final int SOCK_SEQPACKET = 5;
  private static final int SOCK_CLOEXEC = 02000000;
  private static final int O_PATH = 010000000;
  private static final int O_CLOEXEC = 02000000;
  private static final int SHUT_WR = 1;
  private static final int EINTR = 4;

  interface LibC extends Library {
    LibC INSTANCE = Native.load("c", LibC.class);

    int socket(int domain, int type, int protocol) throws LastErrorException;

    int connect(int fd, SockaddrUn address, int length) throws LastErrorException;

    long recv(int fd, byte[] buf, long len, int flags) throws LastErrorException;

    long send(int fd, byte[] buf, long len, int flags) throws LastErrorException;

    int shutdown(int fd, int how) throws LastErrorException;

    int open(String path, int flags) throws LastErrorException;

    int close(int fd) throws LastErrorException;
  }

  /** {@code struct sockaddr_un}. */
  @Structure.FieldOrder({"family", "path"})
  public static final class SockaddrUn extends Structure {
    public short family = AF_UNIX;
    public byte[] path = new byte[108];

    @Override
    protected List<String> getFieldOrder() {
      return List.of("family", "path");
    }
  }

  private final int fd;
  private volatile boolean closed;

  private SeqPacketSocket(int fd) {
    this.fd = fd;
  }

  public static SeqPacketSocket connect(Path socket) throws IOException {
    int dir;
    try {
      dir = LibC.INSTANCE.open(socket.getParent().toString(), O_PATH | O_CLOEXEC);
    } catch (LastErrorException e) {
      throw new IOException("attach socket " + socket + ": " + e.getMessage());
    }
    int fd = -1;
    try {
      fd = LibC.INSTANCE.socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
      SockaddrUn address = new SockaddrUn();
      byte[] path = ("/proc/self/fd/" + dir + "/" + socket.getFileName())
          .getBytes(StandardCharsets.UTF_8);
      System.arraycopy(path, 0, address.path, 0, path.length);
      LibC.INSTANCE.connect(fd, address, 2 + path.length + 1);
      return new SeqPacketSocket(fd);
    } catch (LastErrorException e) {
      if (fd >= 0) {
        LibC.INSTANCE.close(fd);
      }
      throw new IOException("connect to attach socket " + socket + ": " + e.getMessage());
    } finally {
      LibC.INSTANCE.close(dir);
    }
  }

  /** One message into {@code buf}; -1 at the end. */
  public int receive(byte[] buf) throws IOException {
    while (true) {
      try {
        long n = LibC.INSTANCE.recv(fd, buf, buf.length, 0);
        return n == 0 ? -1 : (int) n;
      } catch (LastErrorException e) {
        if (e.getErrorCode() == EINTR) {
          continue;
        }
        if (closed) {
          return -1;
        }
        throw new IOException("attach socket: " + e.getMessage());
      }
    }
  }

  public void send(byte[] data, int length) throws IOException {
    byte[] chunk = length == data.length ? data : java.util.Arrays.copyOf(data, length);
    try {
      LibC.INSTANCE.send(fd, chunk, length, 0);
    } catch (LastErrorException e) {
      throw new IOException("attach socket: " + e.getMessage());
    }
  }

  /** Tells conmon the client's input ended, which closes the container's stdin. */
  public void shutdownOutput() {
    try {
      LibC.INSTANCE.shutdown(fd, SHUT_WR);
    } catch (LastErrorException e) {
      // Already gone: nothing left to tell.
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      LibC.INSTANCE.shutdown(fd, 2);
    } catch (LastErrorException e) {
      // Not connected any more.
    }
    LibC.INSTANCE.close(fd);
  }
}
