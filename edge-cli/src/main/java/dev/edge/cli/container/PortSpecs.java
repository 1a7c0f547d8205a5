package dev.edge.cli.container;

import dev.edge.runtime.container.HostConfig.PortBinding;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code -p/--publish [IP:][HOSTPORT[-END]:]CTRPORT[-END][/PROTO]} and {@code --expose} into
 * {@code ExposedPorts} and {@code PortBindings}, with the docker CLI's rules: a container range
 * publishes each port to the matching host port, a host range for one container port lets the
 * daemon pick a free port in it, and an empty host port picks any.
 */
public final class PortSpecs {
  static final String PUBLISH_FLAG = "-p, --publish";
  static final String EXPOSE_FLAG = "--expose";
  private static final int MAX_PORT = 65535;
  private static final Pattern NUMBER = Pattern.compile("\\d{1,5}");
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

  private final Map<String, Object> exposed = new LinkedHashMap<>();
  private final Map<String, List<PortBinding>> bindings = new LinkedHashMap<>();

  /** The {@code ExposedPorts} set: "80/tcp" → {}. */
  public Map<String, Object> exposed() {
    return exposed;
  }

  /** The {@code PortBindings}: "80/tcp" → [{HostIp, HostPort}]. */
  public Map<String, List<PortBinding>> bindings() {
    return bindings;
  }

  /** Adds one {@code -p} value. */
  public PortSpecs publish(String spec) {
    String[] parts = splitParts(spec);
    String ip = parts[0];
    String hostPort = parts[1];
    String containerPart = parts[2];
    String proto = "tcp";
    int slash = containerPart.indexOf('/');
    if (slash >= 0) {
      proto = containerPart.substring(slash + 1).toLowerCase(java.util.Locale.ROOT);
      containerPart = containerPart.substring(0, slash);
      if (proto.isEmpty()) {
        proto = "tcp";
      }
    }
    if (containerPart.isEmpty()) {
      throw new BadFlagException(PUBLISH_FLAG, spec, "no container port specified");
    }
    checkProto(PUBLISH_FLAG, spec, proto);
    ip = checkIp(spec, ip);
    int[] container = range(PUBLISH_FLAG, spec, containerPart, "container port");
    int[] host = hostPort.isEmpty() ? null : range(PUBLISH_FLAG, spec, hostPort, "host port");
    int count = container[1] - container[0] + 1;
    if (host != null && host[1] - host[0] != container[1] - container[0] && count != 1) {
      throw new BadFlagException(PUBLISH_FLAG, spec, "the container port range "
          + containerPart + " and the host port range " + hostPort + " differ in size");
    }
    for (int i = 0; i < count; i++) {
      String published = "";
      if (host != null) {
        published = String.valueOf(host[0] + i);
        if (count == 1 && host[0] != host[1]) {
          published += "-" + host[1]; // the daemon picks a free port in this range
        }
      }
      String key = (container[0] + i) + "/" + proto;
      exposed.putIfAbsent(key, Map.of());
      bindings.computeIfAbsent(key, k -> new ArrayList<>()).add(new PortBinding(ip, published));
    }
    return this;
  }

  /** Adds one {@code --expose PORT[-END][/PROTO]} value: exposed, not published. */
  public PortSpecs expose(String spec) {
    if (spec.contains(":")) {
      throw new BadFlagException(EXPOSE_FLAG, spec, "an exposed port has no host part");
    }
    String port = spec;
    String proto = "tcp";
    int slash = spec.indexOf('/');
    if (slash >= 0) {
      port = spec.substring(0, slash);
      proto = spec.substring(slash + 1).toLowerCase(java.util.Locale.ROOT);
    }
    checkProto(EXPOSE_FLAG, spec, proto);
    int[] range = range(EXPOSE_FLAG, spec, port, "port");
    for (int p = range[0]; p <= range[1]; p++) {
      exposed.putIfAbsent(p + "/" + proto, Map.of());
    }
    return this;
  }

  /** IP, host port and container part, split at colons as go-connections' nat does. */
  private static String[] splitParts(String spec) {
    String[] parts = spec.split(":", -1);
    return switch (parts.length) {
      case 1 -> new String[] {"", "", parts[0]};
      case 2 -> new String[] {"", parts[0], parts[1]};
      case 3 -> new String[] {parts[0], parts[1], parts[2]};
      default -> {
        int n = parts.length;
        yield new String[] {String.join(":", java.util.Arrays.copyOf(parts, n - 2)),
            parts[n - 2], parts[n - 1]};
      }
    };
  }

  private static void checkProto(String flag, String spec, String proto) {
    if (!proto.equals("tcp") && !proto.equals("udp") && !proto.equals("sctp")) {
      throw new BadFlagException(flag, spec, "invalid protocol \"" + proto
          + "\" (tcp, udp or sctp)");
    }
  }

  private static String checkIp(String spec, String ip) {
    if (ip.isEmpty()) {
      return ip;
    }
    String bare = ip.startsWith("[") && ip.endsWith("]") ? ip.substring(1, ip.length() - 1) : ip;
    if (isIpv4(bare) || isIpv6(bare)) {
      return bare;
    }
    throw new BadFlagException(PUBLISH_FLAG, spec, "invalid IP address \"" + ip + "\"");
  }

  private static boolean isIpv4(String text) {
    if (!IPV4.matcher(text).matches()) {
      return false;
    }
    for (String octet : text.split("\\.")) {
      if (Integer.parseInt(octet) > 255) {
        return false;
      }
    }
    return true;
  }

  /** A literal with a colon is parsed by the JDK as IPv6 only, never looked up. */
  private static boolean isIpv6(String text) {
    if (!IPV6.matcher(text).matches()) {
      return false;
    }
    try {
      InetAddress.getByName(text);
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** {@code N} or {@code N-M}, each 0-65535, start ≤ end. */
  private static int[] range(String flag, String spec, String text, String what) {
    String[] ends = text.split("-", -1);
    if (ends.length > 2) {
      throw new BadFlagException(flag, spec, "invalid " + what + " \"" + text + "\"");
    }
    int start = number(flag, spec, ends[0], what);
    int end = ends.length == 2 ? number(flag, spec, ends[1], what) : start;
    if (end < start) {
      throw new BadFlagException(flag, spec, "invalid " + what + " range \"" + text
          + "\": the end is below the start");
    }
    return new int[] {start, end};
  }

  private static int number(String flag, String spec, String text, String what) {
    if (!NUMBER.matcher(text).matches() || Integer.parseInt(text) > MAX_PORT) {
      throw new BadFlagException(flag, spec, "invalid " + what + " \"" + text
          + "\" (a number from 0 to " + MAX_PORT + ")");
    }
    return Integer.parseInt(text);
  }
}
