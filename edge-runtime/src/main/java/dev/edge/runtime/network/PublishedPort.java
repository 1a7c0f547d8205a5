package dev.edge.runtime.network;

/**
 * A port actually published for a container: the host address and port that forward to its
 * port. {@code hostIp} is {@code 0.0.0.0} for every address, as {@code docker inspect} shows it.
 */
public record PublishedPort(Protocol protocol, int containerPort, String hostIp, int hostPort) {
  static final String ALL_ADDRESSES = "0.0.0.0";

  public PublishedPort {
    hostIp = hostIp == null || hostIp.isEmpty() ? ALL_ADDRESSES : hostIp;
  }

  /** The key of {@code NetworkSettings.Ports}, e.g. {@code 80/tcp}. */
  public String dockerKey() {
    return containerPort + "/" + protocol;
  }

  /** Whether this and {@code other} would take the same host socket. */
  boolean collidesWith(Protocol otherProtocol, String otherIp, int otherPort) {
    return protocol == otherProtocol
        && hostPort == otherPort
        && (hostIp.equals(otherIp) || hostIp.equals(ALL_ADDRESSES)
            || otherIp.equals(ALL_ADDRESSES));
  }

  @Override
  public String toString() {
    return hostIp + ":" + hostPort + "->" + dockerKey();
  }
}
