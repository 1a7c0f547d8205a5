package dev.edge.cli.client;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Docker's multiplexed stream (attach, exec and logs of a container without a TTY) split back
 * into stdout and stderr. Each frame is an 8-byte header — stream type (0 stdin, 1 stdout,
 * 2 stderr, 3 daemon error), three zero bytes, big-endian uint32 payload length — then the
 * payload. Payloads are copied as they arrive, never buffered whole.
 */
public final class MultiplexedStream {
  static final int HEADER_LENGTH = 8;
  static final int STDIN = 0;
  static final int STDOUT = 1;
  static final int STDERR = 2;
  static final int SYSTEM_ERROR = 3;
  private static final int COPY_BUFFER = 32 * 1024;
  /** A daemon error frame is a message, not data: anything longer is cut. */
  private static final int MAX_ERROR_MESSAGE = 64 * 1024;

  private MultiplexedStream() {}

  /**
   * Copies frames until the daemon ends the stream; returns the payload bytes written. A stream
   * cut inside a header or a payload is an EOFException, after what did arrive was written.
   */
  public static long demux(InputStream in, OutputStream stdout, OutputStream stderr)
      throws IOException {
    byte[] header = new byte[HEADER_LENGTH];
    byte[] buffer = new byte[COPY_BUFFER];
    long written = 0;
    while (true) {
      int got = readUpTo(in, header, HEADER_LENGTH);
      if (got == 0) {
        return written;
      }
      if (got < HEADER_LENGTH) {
        throw new EOFException("the multiplexed stream ended inside a frame header (" + got
            + " of " + HEADER_LENGTH + " bytes)");
      }
      long length = ((header[4] & 0xffL) << 24) | ((header[5] & 0xff) << 16)
          | ((header[6] & 0xff) << 8) | (header[7] & 0xff);
      int type = header[0] & 0xff;
      if (type == SYSTEM_ERROR) {
        throw new IOException(errorMessage(in, length));
      }
      OutputStream target = switch (type) {
        case STDIN, STDOUT -> stdout;
        case STDERR -> stderr;
        default -> throw new IOException("the multiplexed stream has a frame of unknown type "
            + type + " (expected 0-3): is it a TTY stream?");
      };
      written += copyFrame(in, target, length, buffer);
    }
  }

  private static long copyFrame(InputStream in, OutputStream target, long length, byte[] buffer)
      throws IOException {
    long left = length;
    while (left > 0) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) {
        target.flush();
        throw new EOFException("the multiplexed stream ended inside a frame (" + (length - left)
            + " of " + length + " bytes)");
      }
      target.write(buffer, 0, n);
      left -= n;
    }
    target.flush();
    return length;
  }

  private static String errorMessage(InputStream in, long length) throws IOException {
    byte[] message = new byte[(int) Math.min(length, MAX_ERROR_MESSAGE)];
    int got = readUpTo(in, message, message.length);
    return new String(message, 0, got, StandardCharsets.UTF_8).strip();
  }

  /** Reads until {@code want} bytes or the end of the stream; returns how many arrived. */
  private static int readUpTo(InputStream in, byte[] into, int want) throws IOException {
    int got = 0;
    while (got < want) {
      int n = in.read(into, got, want - got);
      if (n < 0) {
        break;
      }
      got += n;
    }
    return got;
  }
}
