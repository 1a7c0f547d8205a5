package dev.edge.cli.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * A connection the daemon has taken over ({@code 101 UPGRADED}): raw bytes both ways, as Docker's
 * attach and exec start use it. One thread may read while another writes.
 *
 * <p>The streams call the channel directly: {@code Channels.newInputStream} holds the channel's
 * blocking lock while a read waits, which would stall every write of the other direction.
 */
public final class RawStream implements AutoCloseable {
  private final SocketChannel channel;
  private final ByteBuffer early;
  private final InputStream input = new Input();
  private final OutputStream output = new Output();

  /** {@code early} holds bytes read past the response headers: the stream's first bytes. */
  RawStream(SocketChannel channel, ByteBuffer early) {
    this.channel = channel;
    this.early = early;
  }

  /** What the daemon sends: the container's output. */
  public InputStream input() {
    return input;
  }

  /** What goes to the container's stdin. */
  public OutputStream output() {
    return output;
  }

  /** Tells the daemon that stdin has ended (half-close), leaving the output flowing. */
  public void closeWrite() throws IOException {
    if (channel.isOpen()) {
      channel.shutdownOutput();
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  private final class Input extends InputStream {
    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n;
      do {
        n = read(one, 0, 1);
      } while (n == 0);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      synchronized (early) {
        if (early.hasRemaining()) {
          int n = Math.min(len, early.remaining());
          early.get(b, off, n);
          return n;
        }
      }
      return channel.read(ByteBuffer.wrap(b, off, len));
    }

    @Override
    public void close() throws IOException {
      RawStream.this.close();
    }
  }

  private final class Output extends OutputStream {
    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
    }

    @Override
    public void close() throws IOException {
      closeWrite();
    }
  }
}
