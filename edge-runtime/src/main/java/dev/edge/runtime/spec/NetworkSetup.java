package dev.edge.runtime.spec;

/**
 * How the container is networked, as the networking side decided: the host's namespace, a
 * fresh one with only loopback ({@code none}), or a prepared namespace to join (bridge, or
 * another container's). {@code ipAddress} and {@code hostGateway} feed /etc/hosts when known.
 */
public record NetworkSetup(Mode mode, String netnsPath, String ipAddress,
    String hostGateway) {
  /** The kinds of network a container can have. */
  public enum Mode { HOST, NONE, NAMESPACE }

  public NetworkSetup {
    if (mode == Mode.NAMESPACE && (netnsPath == null || netnsPath.isEmpty())) {
      throw new IllegalArgumentException("a namespace network needs the namespace's path");
    }
  }

  public static NetworkSetup host() {
    return new NetworkSetup(Mode.HOST, null, null, null);
  }

  public static NetworkSetup none() {
    return new NetworkSetup(Mode.NONE, null, null, null);
  }

  /** A namespace prepared by the networking side, with the container's address in it. */
  public static NetworkSetup namespace(String netnsPath, String ipAddress,
      String hostGateway) {
    return new NetworkSetup(Mode.NAMESPACE, netnsPath, ipAddress, hostGateway);
  }
}
