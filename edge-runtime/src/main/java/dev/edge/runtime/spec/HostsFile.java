package dev.edge.runtime.spec;

import java.util.List;

/**
 * A container's {@code /etc/hosts} as libnetwork writes it: the loopback and IPv6 multicast
 * names, the {@code --add-host} entries, then the container's own address and name.
 */
public final class HostsFile {
  static final String DEFAULT_CONTENT = """
      127.0.0.1\tlocalhost
      ::1\tlocalhost ip6-localhost ip6-loopback
      fe00::0\tip6-localnet
      ff00::0\tip6-mcastprefix
      ff02::1\tip6-allnodes
      ff02::2\tip6-allrouters
      """;
  /** The {@code --add-host} value that stands for the host as seen from the container. */
  public static final String HOST_GATEWAY = "host-gateway";

  private HostsFile() {}

  /**
   * The file's content.
   *
   * @param base the host's own file for a host-network container, else null for the default
   * @param ipAddress the container's address, null when it has none to show
   * @param hostGateway the address {@code host-gateway} means, null when unknown
   * @throws ContainerSpecException for a malformed {@code --add-host}
   */
  public static String build(String base, List<String> extraHosts, String ipAddress,
      String hostname, String domainname, String hostGateway) {
    StringBuilder out = new StringBuilder(base != null ? base : DEFAULT_CONTENT);
    if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
      out.append('\n');
    }
    for (String extra : extraHosts) {
      String[] entry = parseExtraHost(extra, hostGateway);
      out.append(entry[1]).append('\t').append(entry[0]).append('\n');
    }
    if (ipAddress != null && !ipAddress.isEmpty()) {
      String fqdn = domainname == null || domainname.isEmpty() ? hostname
          : hostname + "." + domainname;
      int dot = fqdn.indexOf('.');
      out.append(ipAddress).append('\t')
          .append(dot > 0 ? fqdn + " " + fqdn.substring(0, dot) : fqdn).append('\n');
    }
    return out.toString();
  }

  /** {@code name:ip} (or {@code name=ip}) as {@code [name, ip]}; IPv6 keeps its colons. */
  static String[] parseExtraHost(String extra, String hostGateway) {
    int eq = extra.indexOf('=');
    int colon = extra.indexOf(':');
    int sep = eq >= 0 && (colon < 0 || eq < colon) ? eq : colon;
    if (sep <= 0 || sep == extra.length() - 1) {
      throw new ContainerSpecException("bad format for add-host: \"" + extra + "\"");
    }
    String name = extra.substring(0, sep);
    String ip = extra.substring(sep + 1);
    if (ip.startsWith("[") && ip.endsWith("]")) {
      ip = ip.substring(1, ip.length() - 1);
    }
    if (ip.equals(HOST_GATEWAY)) {
      if (hostGateway == null || hostGateway.isEmpty()) {
        throw new ContainerSpecException("unable to derive the IP value for host-gateway in"
            + " add-host \"" + extra + "\": this network has no gateway to the host");
      }
      ip = hostGateway;
    }
    if (!IpLiterals.isIp(ip)) {
      throw new ContainerSpecException("invalid IP address in add-host: \"" + ip + "\"");
    }
    return new String[] {name, ip};
  }
}
