package dev.edge.agent.mqtt;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.internal.NetworkModule;

/**
 * Wraps one of Paho's network modules so that the end of a connection (a broker that hangs up at
 * once, or refuses the TLS client certificate right after the handshake) reaches Paho only once
 * CONNECT is on its way.
 *
 * <p>Why: Paho 1.2.5 starts its receiver thread and then polls every 100 ms until it sees it
 * running. A receiver that already ended leaves that "MQTT Con" thread polling forever, one thread
 * per failed attempt (Paho issue #850; fixed upstream after 1.2.5, the last release). Paho queues
 * CONNECT only after all of its start-and-poll steps, so the first write is the moment the failure
 * can surface safely. Until then the receiver gets read timeouts, which it takes as an idle socket
 * (the socket's own timeout is 1 s), and on which it still notices a request to stop.
 */
final class EarlyHangupGuard implements NetworkModule {
  /** How long a held read waits before it reports a timeout to Paho's receiver loop. */
  static final Duration POLL = Duration.ofMillis(50);
  /** Lets the failure through even without a write, so an attempt that never sends cannot hang. */
  static final Duration MAX_HOLD = Duration.ofSeconds(5);

  private final NetworkModule delegate;
  private volatile boolean sent;
  private volatile long handedOutNanos;

  EarlyHangupGuard(NetworkModule delegate) {
    this.delegate = delegate;
  }

  @Override
  public void start() throws IOException, MqttException {
    delegate.start();
  }

  @Override
  public InputStream getInputStream() throws IOException {
    handedOutNanos = System.nanoTime();
    return new HoldingInput(delegate.getInputStream());
  }

  @Override
  public OutputStream getOutputStream() throws IOException {
    return new FilterOutputStream(delegate.getOutputStream()) {
      @Override
      public void write(int b) throws IOException {
        sent = true;
        out.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        sent = true;
        out.write(b, off, len);
      }
    };
  }

  @Override
  public void stop() throws IOException {
    delegate.stop();
  }

  @Override
  public String getServerURI() {
    return delegate.getServerURI();
  }

  private boolean mayEnd() {
    return sent || System.nanoTime() - handedOutNanos > MAX_HOLD.toNanos();
  }

  /** The connection's input, holding back its end (-1 or an error) until {@link #mayEnd}. */
  private final class HoldingInput extends FilterInputStream {
    private IOException failure;
    private boolean ended;

    HoldingInput(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (failure == null && !ended) {
        try {
          int n = in.read(b, off, len);
          if (n >= 0) {
            return n;
          }
          ended = true;
        } catch (SocketTimeoutException e) {
          throw e; // an idle socket: Paho's receiver expects these every second
        } catch (IOException e) {
          failure = e;
        }
      }
      return afterTheEnd();
    }

    @Override
    public int available() throws IOException {
      if (failure == null && !ended) {
        try {
          return in.available();
        } catch (IOException e) {
          failure = e;
        }
      }
      return 0;
    }

    private int afterTheEnd() throws IOException {
      if (!mayEnd()) {
        try {
          Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        throw new SocketTimeoutException("the connection ended before CONNECT was sent; held back for Paho");
      }
      if (failure != null) {
        throw failure;
      }
      return -1;
    }
  }
}
