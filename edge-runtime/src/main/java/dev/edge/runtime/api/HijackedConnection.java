package dev.edge.runtime.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.FutureCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection Jetty switches to after a {@code 101 UPGRADED} answer: the endpoint's bytes,
 * no HTTP. The session runs on its own thread with blocking streams, because it pumps between
 * the client and a container's attach socket, which blocks anyway.
 */
final class HijackedConnection extends AbstractConnection implements Connection.UpgradeTo {
  private static final Logger LOG = LoggerFactory.getLogger(HijackedConnection.class);
  private static final int READ_BUFFER = 32 * 1024;

  private final Consumer<RawStream> session;
  private ByteBuffer leftover = BufferUtil.EMPTY_BUFFER;

  HijackedConnection(EndPoint endPoint, Executor executor, Consumer<RawStream> session) {
    super(endPoint, executor);
    this.session = session;
  }

  @Override
  public void onUpgradeTo(ByteBuffer buffer) {
    // Bytes the client sent right after its request (stdin typed early) arrive here.
    if (buffer != null && buffer.hasRemaining()) {
      leftover = BufferUtil.copy(buffer);
    }
  }

  @Override
  public void onOpen() {
    super.onOpen();
    getEndPoint().setIdleTimeout(0);
    Thread thread = new Thread(() -> {
      Stream stream = new Stream();
      try {
        session.accept(stream);
      } catch (RuntimeException e) {
        LOG.warn("hijacked session failed", e);
      } finally {
        stream.close();
      }
    }, "hijack-" + getEndPoint().getRemoteSocketAddress());
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void onFillable() {
    // Reads are driven by the session thread through Stream.input().
  }

  private final class Stream implements RawStream {
    private final InputStream in = new InputStream() {
      private final ByteBuffer buffer = BufferUtil.allocate(READ_BUFFER);

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
          return 0;
        }
        if (leftover.hasRemaining()) {
          int n = Math.min(len, leftover.remaining());
          leftover.get(b, off, n);
          return n;
        }
        while (true) {
          if (buffer.hasRemaining()) {
            int n = Math.min(len, buffer.remaining());
            buffer.get(b, off, n);
            return n;
          }
          BufferUtil.clear(buffer);
          int filled = getEndPoint().fill(buffer);
          if (filled < 0) {
            return -1;
          }
          if (filled == 0) {
            FutureCallback readable = new FutureCallback();
            getEndPoint().fillInterested(readable);
            await(readable);
          }
        }
      }
    };

    private final OutputStream out = new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
          return;
        }
        FutureCallback written = new FutureCallback();
        getEndPoint().write(written, ByteBuffer.wrap(b, off, len));
        await(written);
      }
    };

    @Override
    public InputStream input() {
      return in;
    }

    @Override
    public OutputStream output() {
      return out;
    }

    @Override
    public void shutdownOutput() {
      getEndPoint().shutdownOutput();
    }

    @Override
    public void close() {
      getEndPoint().close();
    }
  }

  private static void await(FutureCallback callback) throws IOException {
    try {
      callback.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("hijacked stream interrupted");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof IOException io ? io : new IOException(cause);
    }
  }
}
