package dev.edge.agent.mqtt;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import javax.net.SocketFactory;

/**
 * Plain TCP sockets with Nagle's algorithm off. Paho never sets TCP_NODELAY, so a small PUBLISH that follows
 * another waits for the broker's delayed ACK: about 40-90 ms a message on loopback, which is most of a job's
 * round trip (measured by bench/fleet).
 */
final class NoDelaySocketFactory extends SocketFactory {
  static final NoDelaySocketFactory INSTANCE = new NoDelaySocketFactory();

  private NoDelaySocketFactory() {
  }

  static Socket noDelay(Socket s) {
    try {
      s.setTcpNoDelay(true);
    } catch (SocketException e) {
      // a socket that refuses the option still works, only slower
    }
    return s;
  }

  /** The one Paho calls: an unconnected socket it connects with its own timeout. */
  @Override
  public Socket createSocket() {
    return noDelay(new Socket());
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return noDelay(new Socket(host, port));
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
    return noDelay(new Socket(host, port, localHost, localPort));
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return noDelay(new Socket(host, port));
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    return noDelay(new Socket(address, port, localAddress, localPort));
  }
}
