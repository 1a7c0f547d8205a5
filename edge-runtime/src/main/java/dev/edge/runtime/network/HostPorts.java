package dev.edge.runtime.network;

import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Host ports published by containers. portmap only writes DNAT rules and binds nothing, so a
 * port counts as taken when another container holds it here or when a real socket cannot be
 * bound to it. The probe socket is closed at once: nothing is held that the container needs.
 */
final class HostPorts {
  /** The kernel's pick for port 0 can be one a stopped-but-recorded container still holds. */
  static final int EPHEMERAL_ATTEMPTS = 32;

  private final Map<String, List<PublishedPort>> byOwner = new HashMap<>();

  /** Takes a host port for every mapping, all or none; {@code owner} must hold none yet. */
  synchronized List<PublishedPort> reserve(String owner, List<PortMapping> mappings)
      throws NetworkException {
    List<PublishedPort> taken = new ArrayList<>();
    for (PortMapping mapping : mappings) {
      String ip = mapping.hostIp().isEmpty() ? PublishedPort.ALL_ADDRESSES : mapping.hostIp();
      int port = mapping.anyHostPort()
          ? ephemeral(mapping.protocol(), ip, taken) : firstFree(mapping, ip, taken);
      taken.add(new PublishedPort(mapping.protocol(), mapping.containerPort(), ip, port));
    }
    if (!taken.isEmpty()) {
      byOwner.put(owner, List.copyOf(taken));
    }
    return List.copyOf(taken);
  }

  /** Records ports published before a daemon restart, read back from disk. */
  synchronized void restore(String owner, List<PublishedPort> ports) {
    if (!ports.isEmpty()) {
      byOwner.put(owner, List.copyOf(ports));
    }
  }

  synchronized void release(String owner) {
    byOwner.remove(owner);
  }

  private int firstFree(PortMapping mapping, String ip, List<PublishedPort> taken)
      throws NetworkException {
    for (int port = mapping.hostPortFirst(); port <= mapping.hostPortLast(); port++) {
      if (!heldByContainers(mapping.protocol(), ip, port, taken)
          && bindable(mapping.protocol(), ip, port)) {
        return port;
      }
    }
    throw new PortAllocatedException(ip, mapping.dockerHostPort());
  }

  private int ephemeral(Protocol protocol, String ip, List<PublishedPort> taken)
      throws NetworkException {
    for (int attempt = 0; attempt < EPHEMERAL_ATTEMPTS; attempt++) {
      int port = kernelChosenPort(protocol, ip);
      if (!heldByContainers(protocol, ip, port, taken)) {
        return port;
      }
    }
    throw new NetworkException("no free " + protocol + " host port on " + ip + " after "
        + EPHEMERAL_ATTEMPTS + " attempts");
  }

  private boolean heldByContainers(Protocol protocol, String ip, int port,
      List<PublishedPort> taken) {
    for (PublishedPort p : taken) {
      if (p.collidesWith(protocol, ip, port)) {
        return true;
      }
    }
    for (List<PublishedPort> ports : byOwner.values()) {
      for (PublishedPort p : ports) {
        if (p.collidesWith(protocol, ip, port)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether a socket could listen there now; any reason but "in use" is an error of its own. */
  private static boolean bindable(Protocol protocol, String ip, int port)
      throws NetworkException {
    try {
      probe(protocol, ip, port);
      return true;
    } catch (BindException e) {
      if (String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("in use")) {
        return false;
      }
      throw bindFailure(ip, port, e);
    } catch (IOException e) {
      throw bindFailure(ip, port, e);
    }
  }

  private static int kernelChosenPort(Protocol protocol, String ip) throws NetworkException {
    try {
      return probe(protocol, ip, 0);
    } catch (IOException e) {
      throw bindFailure(ip, 0, e);
    }
  }

  private static int probe(Protocol protocol, String ip, int port) throws IOException {
    InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(ip), port);
    if (protocol == Protocol.TCP) {
      try (ServerSocket socket = new ServerSocket()) {
        // As a listener would: a port in TIME_WAIT is free for a new listener.
        socket.setReuseAddress(true);
        socket.bind(address, 1);
        return socket.getLocalPort();
      }
    }
    try (DatagramSocket socket = new DatagramSocket(null)) {
      socket.setReuseAddress(false);
      socket.bind(address);
      return socket.getLocalPort();
    }
  }

  private static NetworkException bindFailure(String ip, int port, IOException e) {
    String reason = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    int paren = reason.indexOf(" (");
    return new NetworkException("Bind for " + ip + ":" + port + " failed: "
        + (paren > 0 ? reason.substring(0, paren) : reason), e);
  }
}
