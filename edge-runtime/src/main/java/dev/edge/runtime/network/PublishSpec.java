package dev.edge.runtime.network;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses the docker CLI's {@code -p [IP:][HOSTPORT[-END]:]CTRPORT[-END][/tcp|udp]} into port
 * mappings, one per container port, as {@code docker run} does before it sends PortBindings.
 */
public final class PublishSpec {
  private PublishSpec() {}

  public static List<PortMapping> parse(String spec) {
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException("invalid port specification: empty");
    }
    String rest = spec;
    Protocol protocol = Protocol.TCP;
    int slash = rest.lastIndexOf('/');
    if (slash >= 0) {
      protocol = Protocol.parse(rest.substring(slash + 1));
      rest = rest.substring(0, slash);
    }
    String hostIp = "";
    if (rest.startsWith("[")) {
      int close = rest.indexOf(']');
      if (close < 0) {
        throw invalid(spec);
      }
      hostIp = rest.substring(0, close + 1);
      rest = rest.substring(close + 1);
      if (!rest.startsWith(":")) {
        throw invalid(spec);
      }
      rest = rest.substring(1);
    }
    String[] parts = rest.split(":", -1);
    String hostPart;
    String containerPart;
    switch (parts.length) {
      case 1:
        hostPart = "";
        containerPart = parts[0];
        break;
      case 2:
        hostPart = parts[0];
        containerPart = parts[1];
        break;
      case 3:
        if (!hostIp.isEmpty()) {
          throw invalid(spec);
        }
        hostIp = parts[0];
        hostPart = parts[1];
        containerPart = parts[2];
        break;
      default:
        throw invalid(spec);
    }
    if (hostIp.startsWith("[")) {
      hostIp = hostIp.substring(1, hostIp.length() - 1);
    }
    return expand(spec, protocol, hostIp, hostPart, containerPart);
  }

  private static List<PortMapping> expand(
      String spec, Protocol protocol, String hostIp, String hostPart, String containerPart) {
    int[] container = range("containerPort", containerPart);
    List<PortMapping> mappings = new ArrayList<>();
    if (hostPart.isEmpty()) {
      for (int port = container[0]; port <= container[1]; port++) {
        mappings.add(new PortMapping(protocol, port, hostIp, 0, 0));
      }
      return mappings;
    }
    int[] host = range("hostPort", hostPart);
    int containerCount = container[1] - container[0];
    int hostCount = host[1] - host[0];
    if (containerCount == 0) {
      // one container port, a host range: the first free port of the range is taken
      mappings.add(new PortMapping(protocol, container[0], hostIp, host[0], host[1]));
      return mappings;
    }
    if (containerCount != hostCount) {
      throw new IllegalArgumentException("invalid ranges specified for container and host Ports: "
          + containerPart + " and " + hostPart + " in " + spec);
    }
    for (int i = 0; i <= containerCount; i++) {
      mappings.add(PortMapping.of(protocol, container[0] + i, hostIp, host[0] + i));
    }
    return mappings;
  }

  private static int[] range(String what, String text) {
    int dash = text.indexOf('-');
    if (dash < 0) {
      int port = PortMapping.parsePort(what, text);
      return new int[] {port, port};
    }
    int first = PortMapping.parsePort(what, text.substring(0, dash));
    int last = PortMapping.parsePort(what, text.substring(dash + 1));
    if (last < first) {
      throw new IllegalArgumentException("invalid " + what + " range: " + text);
    }
    return new int[] {first, last};
  }

  private static IllegalArgumentException invalid(String spec) {
    return new IllegalArgumentException("invalid port specification: \"" + spec + "\"");
  }
}
