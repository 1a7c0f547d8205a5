package dev.edge.cli.container;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The PORTS column of {@code docker ps}: "0.0.0.0:18080->80/tcp, 443/tcp". Runs of consecutive
 * ports on the same address and protocol fold into ranges ("8000-8002/tcp"); a host port that
 * differs from the container's is shown as its own mapping, after the rest.
 */
final class PortsColumn {
  private PortsColumn() {}

  /** One entry of the API's {@code Ports} list. */
  record Port(String ip, int privatePort, int publicPort, String type) {
    static Port of(JsonNode node) {
      return new Port(node.path("IP").asText(""), node.path("PrivatePort").asInt(),
          node.path("PublicPort").asInt(), node.path("Type").asText("tcp"));
    }
  }

  static String format(JsonNode ports) {
    List<Port> list = new ArrayList<>();
    for (JsonNode node : ports) {
      list.add(Port.of(node));
    }
    return format(list);
  }

  static String format(List<Port> ports) {
    List<Port> sorted = new ArrayList<>(ports);
    sorted.sort(Comparator.comparingInt(Port::privatePort).thenComparing(Port::ip)
        .thenComparingInt(Port::publicPort).thenComparing(Port::type));
    Map<String, int[]> groups = new LinkedHashMap<>(); // key → {first, last}, in first-seen order
    List<String> result = new ArrayList<>();
    List<String> mappings = new ArrayList<>();
    for (Port port : sorted) {
      int current = port.privatePort();
      String key = port.type();
      if (!port.ip().isEmpty()) {
        if (port.publicPort() != current) {
          mappings.add(hostAndPort(port.ip(), String.valueOf(port.publicPort())) + "->"
              + current + "/" + port.type());
          continue;
        }
        key = port.ip() + "/" + port.type();
      }
      int[] group = groups.get(key);
      if (group == null) {
        groups.put(key, new int[] {current, current});
      } else if (current == group[1] + 1) {
        group[1] = current;
      } else {
        result.add(group(key, group));
        groups.put(key, new int[] {current, current});
      }
    }
    groups.forEach((key, group) -> result.add(group(key, group)));
    result.addAll(mappings);
    return String.join(", ", result);
  }

  private static String group(String key, int[] range) {
    int slash = key.lastIndexOf('/');
    String ip = slash < 0 ? "" : key.substring(0, slash);
    String type = key.substring(slash + 1);
    String ports = range[0] == range[1] ? String.valueOf(range[0]) : range[0] + "-" + range[1];
    if (!ip.isEmpty()) {
      ports = hostAndPort(ip, ports) + "->" + ports;
    }
    return ports + "/" + type;
  }

  /** Go's net.JoinHostPort: IPv6 addresses in brackets. */
  private static String hostAndPort(String ip, String port) {
    return ip.contains(":") ? "[" + ip + "]:" + port : ip + ":" + port;
  }
}
