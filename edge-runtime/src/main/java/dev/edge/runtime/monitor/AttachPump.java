package dev.edge.runtime.monitor;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Moves bytes between conmon's attach socket and a client. conmon tags each message with the
 * pipe it came from (2 stdout, 3 stderr); without a TTY the client gets Docker's multiplexed
 * stream (8-byte header: stream, three zeros, big-endian length), with one the raw bytes.
 */
public final class AttachPump {
  static final int PIPE_STDOUT = 2;
  static final int PIPE_STDERR = 3;
  /** conmon reads its attach socket in 8 KiB messages. */
  private static final int INPUT_CHUNK = 8192;

  private AttachPump() {}

  /** Which streams the client wants, and how they are framed. */
  public record Options(boolean stdout, boolean stderr, boolean tty) {}

  /** Copies container output to {@code out} until conmon closes the socket. */
  public static void output(SeqPacketSocket socket, OutputStream out, Options options)
      throws IOException {
    byte[] buf = new byte[INPUT_CHUNK + 2];
    int n;
    while ((n = socket.receive(buf)) > 0) {
      int pipe = buf[0];
      boolean wanted = pipe == PIPE_STDOUT ? options.stdout() : pipe == PIPE_STDERR
          && options.stderr();
      if (!wanted || n == 1) {
        continue;
      }
      if (!options.tty()) {
        out.write(frameHeader(pipe == PIPE_STDOUT ? 1 : 2, n - 1));
      }
      out.write(buf, 1, n - 1);
      out.flush();
    }
  }

  /** Copies the client's input to the container's stdin; at its end, closes stdin. */
  public static void input(InputStream in, SeqPacketSocket socket) throws IOException {
    byte[] buf = new byte[INPUT_CHUNK];
    int n;
    try {
      while ((n = in.read(buf)) > 0) {
        socket.send(buf, n);
      }
    } finally {
      socket.shutdownOutput();
    }
  }

  /** Docker's multiplexed-stream frame header for {@code stream} (1 stdout, 2 stderr). */
  public static byte[] frameHeader(int stream, int length) {
    return new byte[] {(byte) stream, 0, 0, 0, (byte) (length >>> 24), (byte) (length >>> 16),
        (byte) (length >>> 8), (byte) length};
  }
}
