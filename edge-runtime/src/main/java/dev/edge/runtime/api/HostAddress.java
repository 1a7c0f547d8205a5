package dev.edge.runtime.api;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;

/**
 * Where the API listens: {@code unix:///path} or {@code tcp://127.0.0.1:PORT}. TCP is refused
 * off loopback: the API gives root on the machine and there is no TLS yet.
 */
public record HostAddress(String scheme, Path socketPath, String tcpHost, int tcpPort) {
  public static final String DEFAULT = "unix:///run/edge/edge.sock";

  public static HostAddress parse(String spec) {
    if (spec.startsWith("unix://")) {
      String path = spec.substring("unix://".length());
      if (path.isEmpty() || !path.startsWith("/")) {
        throw new IllegalArgumentException(
            "invalid host " + spec + ": a unix socket needs an absolute path, e.g. unix:///run/edge/edge.sock");
      }
      return new HostAddress("unix", Path.of(path), null, 0);
    }
    if (spec.startsWith("tcp://")) {
      URI uri = URI.create(spec);
      if (uri.getHost() == null || uri.getPort() < 0) {
        throw new IllegalArgumentException("invalid host " + spec + ": expected tcp://HOST:PORT");
      }
      return new HostAddress("tcp", null, uri.getHost(), uri.getPort());
    }
    throw new IllegalArgumentException(
        "invalid host " + spec + ": use unix:///path/to.sock or tcp://127.0.0.1:PORT");
  }

  public boolean isUnix() {
    return scheme.equals("unix");
  }

  /** Throws unless this address is a unix socket or a loopback TCP address. */
  public HostAddress requireSafeForPlainHttp() {
    if (isUnix()) {
      return this;
    }
    boolean loopback;
    try {
      loopback = InetAddress.getByName(tcpHost).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("invalid host tcp://" + tcpHost + ":" + tcpPort
          + ": unknown host " + tcpHost);
    }
    if (!loopback) {
      throw new IllegalArgumentException("refusing to listen on tcp://" + tcpHost + ":" + tcpPort
          + " without TLS: anyone who reaches the API is root on this machine. Listen on a unix"
          + " socket or on loopback (tcp://127.0.0.1:PORT) instead");
    }
    return this;
  }

  @Override
  public String toString() {
    return isUnix() ? "unix://" + socketPath : "tcp://" + tcpHost + ":" + tcpPort;
  }
}
