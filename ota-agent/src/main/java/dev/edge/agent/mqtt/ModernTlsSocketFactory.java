package dev.edge.agent.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Hands out sockets that speak TLS 1.3 or 1.2 only. The protocols are set on each socket because an
 * SSLContext cannot narrow them, and the JDK's own floor is a security property anyone can loosen.
 * Paho later applies SSLParameters for SNI and hostname verification; those leave the protocols
 * alone, since they carry none. Nagle's algorithm is off, as for plain TCP ({@link NoDelaySocketFactory}).
 */
final class ModernTlsSocketFactory extends SSLSocketFactory {
  static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

  private final SSLSocketFactory delegate;

  ModernTlsSocketFactory(SSLSocketFactory delegate) {
    this.delegate = delegate;
  }

  private static Socket restrict(Socket socket) {
    SSLSocket ssl = (SSLSocket) socket;
    List<String> supported = Arrays.asList(ssl.getSupportedProtocols());
    ssl.setEnabledProtocols(PROTOCOLS.stream().filter(supported::contains).toArray(String[]::new));
    return NoDelaySocketFactory.noDelay(socket);
  }

  @Override
  public String[] getDefaultCipherSuites() {
    return delegate.getDefaultCipherSuites();
  }

  @Override
  public String[] getSupportedCipherSuites() {
    return delegate.getSupportedCipherSuites();
  }

  /** The one Paho calls: an unconnected socket it connects with its own timeout. */
  @Override
  public Socket createSocket() throws IOException {
    return restrict(delegate.createSocket());
  }

  @Override
  public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
    return restrict(delegate.createSocket(s, host, port, autoClose));
  }

  @Override
  public Socket createSocket(Socket s, InputStream consumed, boolean autoClose) throws IOException {
    return restrict(delegate.createSocket(s, consumed, autoClose));
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return restrict(delegate.createSocket(host, port));
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
      throws IOException {
    return restrict(delegate.createSocket(host, port, localHost, localPort));
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return restrict(delegate.createSocket(host, port));
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    return restrict(delegate.createSocket(address, port, localAddress, localPort));
  }
}
