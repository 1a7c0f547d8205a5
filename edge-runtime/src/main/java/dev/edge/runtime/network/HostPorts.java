package dev.edge.runtime.network;

import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Host ports published by containers. portmap only writes DNAT rules and binds nothing, so a
 * port counts as taken when another container holds it here or when a real socket cannot be
 * bound to it. The probe socket is closed at once: nothing is held that the container needs.
 */
final class HostPorts {
  /** The kernel's pick for port 0 can be one a stopped-but-recorded container still holds. */
  static final int EPHEMERAL_ATTEMPTS = 32;
  /**
   * How long a start waits for a container's ports that are being released in the background
   * (docker rm -f web; docker run -p 8080:80 …): the teardown's plugins, each with its deadline.
   * Not Duration.multipliedBy, which loads BigDecimal (~200 KB of class metadata in the daemon).
   */
  static final Duration RELEASE_WAIT = Duration.ofMillis(CniRuntime.PLUGIN_TIMEOUT.toMillis() * 2);

  private final Map<String, List<PublishedPort>> byOwner = new HashMap<>();
  private final Set<String> releasing = new HashSet<>();

  /** Who holds a host socket, as far as edge's containers go. */
  private enum Holder { NOBODY, CONTAINER, RELEASING_CONTAINER }

  /**
   * Takes a host port for every mapping, all or none; {@code owner} must hold none yet. A port
   * held only by a container whose network is being torn down is waited for.
   */
  synchronized List<PublishedPort> reserve(String owner, List<PortMapping> mappings)
      throws NetworkException {
    long deadline = System.nanoTime() + RELEASE_WAIT.toNanos();
    while (true) {
      try {
        List<PublishedPort> taken = tryReserve(mappings);
        if (!taken.isEmpty()) {
          byOwner.put(owner, taken);
        }
        return taken;
      } catch (ReleasePending pending) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw pending.allocated;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(this, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw pending.allocated;
        }
      }
    }
  }

  /** Records ports published before a daemon restart, read back from disk. */
  synchronized void restore(String owner, List<PublishedPort> ports) {
    if (!ports.isEmpty()) {
      byOwner.put(owner, List.copyOf(ports));
    }
  }

  /** The owner's ports are being released in the background: starts may wait for them. */
  synchronized void releasing(String owner) {
    if (byOwner.containsKey(owner)) {
      releasing.add(owner);
    }
  }

  /** The background release failed: the ports stay taken, and waiting starts fail now. */
  synchronized void keep(String owner) {
    releasing.remove(owner);
    notifyAll();
  }

  synchronized void release(String owner) {
    byOwner.remove(owner);
    releasing.remove(owner);
    notifyAll();
  }

  private List<PublishedPort> tryReserve(List<PortMapping> mappings) throws NetworkException {
    List<PublishedPort> taken = new ArrayList<>();
    for (PortMapping mapping : mappings) {
      String ip = mapping.hostIp().isEmpty() ? PublishedPort.ALL_ADDRESSES : mapping.hostIp();
      int port = mapping.anyHostPort()
          ? ephemeral(mapping.protocol(), ip, taken) : firstFree(mapping, ip, taken);
      taken.add(new PublishedPort(mapping.protocol(), mapping.containerPort(), ip, port));
    }
    return List.copyOf(taken);
  }

  private int firstFree(PortMapping mapping, String ip, List<PublishedPort> taken)
      throws NetworkException {
    boolean pending = false;
    for (int port = mapping.hostPortFirst(); port <= mapping.hostPortLast(); port++) {
      Holder holder = holder(mapping.protocol(), ip, port, taken);
      if (holder == Holder.NOBODY && bindable(mapping.protocol(), ip, port)) {
        return port;
      }
      pending |= holder == Holder.RELEASING_CONTAINER;
    }
    PortAllocatedException allocated = new PortAllocatedException(ip, mapping.dockerHostPort());
    if (pending) {
      throw new ReleasePending(allocated);
    }
    throw allocated;
  }

  private int ephemeral(Protocol protocol, String ip, List<PublishedPort> taken)
      throws NetworkException {
    for (int attempt = 0; attempt < EPHEMERAL_ATTEMPTS; attempt++) {
      int port = kernelChosenPort(protocol, ip);
      if (holder(protocol, ip, port, taken) == Holder.NOBODY) {
        return port;
      }
    }
    throw new NetworkException("no free " + protocol + " host port on " + ip + " after "
        + EPHEMERAL_ATTEMPTS + " attempts");
  }

  private Holder holder(Protocol protocol, String ip, int port, List<PublishedPort> taken) {
    for (PublishedPort p : taken) {
      if (p.collidesWith(protocol, ip, port)) {
        return Holder.CONTAINER;
      }
    }
    Holder found = Holder.NOBODY;
    for (Map.Entry<String, List<PublishedPort>> owner : byOwner.entrySet()) {
      for (PublishedPort p : owner.getValue()) {
        if (p.collidesWith(protocol, ip, port)) {
          if (!releasing.contains(owner.getKey())) {
            return Holder.CONTAINER;
          }
          found = Holder.RELEASING_CONTAINER;
        }
      }
    }
    return found;
  }

  /** A wanted port is only held by a container being torn down: wait and try again. */
  private static final class ReleasePending extends NetworkException {
    final PortAllocatedException allocated;

    ReleasePending(PortAllocatedException allocated) {
      super(allocated.getMessage());
      this.allocated = allocated;
    }
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
