package dev.edge.runtime.registry;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;

/** Where a registry name is served: Docker Hub's API host, loopback detection, origins. */
final class RegistryHosts {
  static final String DOCKER_HUB = "docker.io";
  static final String DOCKER_HUB_API = "registry-1.docker.io";

  private RegistryHosts() {}

  /** The host[:port] the v2 API is served from; docker.io's lives on registry-1.docker.io. */
  static String apiHost(String registry) {
    String r = registry.toLowerCase(Locale.ROOT);
    return r.equals(DOCKER_HUB) || r.equals("index.docker.io") ? DOCKER_HUB_API : registry;
  }

  /** The host part of {@code host}, {@code host:port}, {@code [v6]:port}. */
  static String hostOnly(String hostPort) {
    if (hostPort.startsWith("[")) {
      int end = hostPort.indexOf(']');
      return end > 0 ? hostPort.substring(1, end) : hostPort;
    }
    int colon = hostPort.indexOf(':');
    return colon >= 0 && hostPort.indexOf(':', colon + 1) < 0 ? hostPort.substring(0, colon) : hostPort;
  }

  /** 127.0.0.0/8, ::1 and localhost: registries on this machine, which may speak plain HTTP. */
  static boolean isLoopback(String hostPort) {
    String host = hostOnly(hostPort).toLowerCase(Locale.ROOT);
    if (host.equals("localhost")) {
      return true;
    }
    if (!host.matches("[0-9.]+|[0-9a-f:]+")) {
      return false; // never resolve names here: a DNS answer must not decide about plain HTTP
    }
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** Same scheme, host and port: the only place a registry's Authorization may go. */
  static boolean sameOrigin(URI a, URI b) {
    return a.getScheme().equalsIgnoreCase(b.getScheme())
        && a.getHost() != null
        && a.getHost().equalsIgnoreCase(b.getHost())
        && port(a) == port(b);
  }

  static int port(URI uri) {
    if (uri.getPort() >= 0) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }
}
