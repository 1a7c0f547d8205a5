package dev.edge.runtime.network;

/**
 * A port the container asks to publish: Docker's {@code PortBindings} entry
 * {@code "80/tcp": [{"HostIp": "", "HostPort": "8080"}]}. A host port of 0 means "any free port";
 * a range means "the first free port in it". An empty host IP means every address.
 */
public record PortMapping(
    Protocol protocol, int containerPort, String hostIp, int hostPortFirst, int hostPortLast) {
  static final int MAX_PORT = 65535;

  public PortMapping {
    if (protocol == null) {
      throw new IllegalArgumentException("port mapping needs a protocol");
    }
    checkPort("container port", containerPort);
    hostIp = normaliseHostIp(hostIp);
    if (hostPortFirst == 0 && hostPortLast != 0 || hostPortFirst != 0 && hostPortLast == 0) {
      throw new IllegalArgumentException("invalid host port range " + hostPortFirst + "-"
          + hostPortLast + " for " + containerPort + "/" + protocol);
    }
    if (hostPortFirst != 0) {
      checkPort("host port", hostPortFirst);
      checkPort("host port", hostPortLast);
      if (hostPortLast < hostPortFirst) {
        throw new IllegalArgumentException("invalid host port range " + hostPortFirst + "-"
            + hostPortLast + ": the end is below the start");
      }
    }
  }

  /** A mapping to one host port, or to any free one when {@code hostPort} is 0. */
  public static PortMapping of(Protocol protocol, int containerPort, String hostIp, int hostPort) {
    return new PortMapping(protocol, containerPort, hostIp, hostPort, hostPort);
  }

  /**
   * One entry of Docker's {@code PortBindings}: the key ({@code 80/tcp}, {@code 53/udp}, or
   * {@code 80} meaning tcp) and one binding's {@code HostIp} and {@code HostPort}, either of
   * which may be null or empty.
   */
  public static PortMapping fromDocker(String portKey, String hostIp, String hostPort) {
    if (portKey == null || portKey.isEmpty()) {
      throw new IllegalArgumentException("invalid port specification: empty container port");
    }
    int slash = portKey.indexOf('/');
    String port = slash < 0 ? portKey : portKey.substring(0, slash);
    Protocol protocol = Protocol.parse(slash < 0 ? null : portKey.substring(slash + 1));
    int containerPort = parsePort("containerPort", port);
    if (hostPort == null || hostPort.isEmpty()) {
      return new PortMapping(protocol, containerPort, hostIp, 0, 0);
    }
    int dash = hostPort.indexOf('-');
    if (dash < 0) {
      int single = parsePort("hostPort", hostPort);
      return new PortMapping(protocol, containerPort, hostIp, single, single);
    }
    return new PortMapping(protocol, containerPort, hostIp,
        parsePort("hostPort", hostPort.substring(0, dash)),
        parsePort("hostPort", hostPort.substring(dash + 1)));
  }

  /** The {@code PortBindings} key, e.g. {@code 80/tcp}. */
  public String dockerKey() {
    return containerPort + "/" + protocol;
  }

  /** The {@code HostPort} value: empty for any port, {@code 8080}, or {@code 8000-8010}. */
  public String dockerHostPort() {
    if (hostPortFirst == 0) {
      return "";
    }
    return hostPortFirst == hostPortLast
        ? Integer.toString(hostPortFirst) : hostPortFirst + "-" + hostPortLast;
  }

  /** Whether the host port is left to edge to choose. */
  public boolean anyHostPort() {
    return hostPortFirst == 0;
  }

  static int parsePort(String what, String text) {
    if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException("invalid " + what + ": " + text);
    }
    int port = Integer.parseInt(text);
    if (port < 1 || port > MAX_PORT) {
      throw new IllegalArgumentException("invalid " + what + ": " + text);
    }
    return port;
  }

  private static void checkPort(String what, int port) {
    if (port < 1 || port > MAX_PORT) {
      throw new IllegalArgumentException(what + " " + port + " is outside 1-" + MAX_PORT);
    }
  }

  /** Empty and 0.0.0.0 both mean every IPv4 address; IPv6 has no route into the bridge. */
  private static String normaliseHostIp(String hostIp) {
    if (hostIp == null || hostIp.isEmpty() || hostIp.equals("0.0.0.0")) {
      return "";
    }
    if (hostIp.indexOf(':') >= 0 || hostIp.startsWith("[")) {
      throw new IllegalArgumentException("cannot publish on IPv6 address " + hostIp
          + ": edge's bridge network is IPv4 only");
    }
    if (!Ipv4.isLiteral(hostIp)) {
      throw new IllegalArgumentException("invalid IP address: " + hostIp);
    }
    return hostIp;
  }
}
