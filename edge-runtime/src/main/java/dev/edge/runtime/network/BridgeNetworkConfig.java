package dev.edge.runtime.network;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * edge's bridge network: the CNI network name, the Linux bridge device, the IPv4 subnet (the
 * gateway is its first address), an MTU (0 leaves the plugin's 1500) and where the CNI plugins
 * are. The name also prefixes the containers' namespaces in /run/netns, so two daemons with
 * different names never touch each other's.
 */
public record BridgeNetworkConfig(
    String name, String bridge, String subnet, int mtu, List<Path> cniPath) {
  /** Clear of Docker's 172.17.0.0/16 (and its 172.16/12, 192.168/16 pools), podman's 10.88/16. */
  public static final String DEFAULT_SUBNET = "10.87.0.0/16";
  /** Debian's containernetworking-plugins, then the upstream install location. */
  public static final List<Path> DEFAULT_CNI_PATH =
      List.of(Path.of("/usr/lib/cni"), Path.of("/opt/cni/bin"));
  /** The CNI spec's rule for network names. */
  private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");
  /** IFNAMSIZ is 16 with the terminating NUL. */
  private static final int MAX_INTERFACE_NAME = 15;
  private static final int MIN_MTU = 68;
  private static final int SMALLEST_PREFIX = 8;
  /** A /30 still leaves one address for a container next to the gateway. */
  private static final int LARGEST_PREFIX = 30;

  public BridgeNetworkConfig {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("invalid network name " + name
          + ": letters, digits, '_', '.' and '-', starting with a letter or digit");
    }
    if (bridge == null || bridge.isEmpty() || bridge.length() > MAX_INTERFACE_NAME
        || bridge.contains("/") || bridge.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("invalid bridge name " + bridge
          + ": 1-" + MAX_INTERFACE_NAME + " characters, no '/' or spaces");
    }
    checkSubnet(subnet);
    if (mtu != 0 && (mtu < MIN_MTU || mtu > PortMapping.MAX_PORT)) {
      throw new IllegalArgumentException("invalid MTU " + mtu);
    }
    cniPath = List.copyOf(cniPath);
    if (cniPath.isEmpty()) {
      throw new IllegalArgumentException("no CNI plugin directory given");
    }
  }

  /** Network {@code edge} on bridge {@code edge0}, subnet {@value #DEFAULT_SUBNET}. */
  public static BridgeNetworkConfig defaults() {
    return new BridgeNetworkConfig("edge", "edge0", DEFAULT_SUBNET, 0, DEFAULT_CNI_PATH);
  }

  /** The same network on another subnet, e.g. where the default one is already routed. */
  public BridgeNetworkConfig withSubnet(String otherSubnet) {
    return new BridgeNetworkConfig(name, bridge, otherSubnet, mtu, cniPath);
  }

  /** The bridge's own address, the containers' default gateway: the subnet's first address. */
  public String gateway() {
    return Ipv4.format(Ipv4.parse(subnet.substring(0, subnet.indexOf('/'))) + 1);
  }

  public int prefixLength() {
    return Integer.parseInt(subnet.substring(subnet.indexOf('/') + 1));
  }

  private static void checkSubnet(String subnet) {
    int slash = subnet == null ? -1 : subnet.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("invalid subnet " + subnet + ": expected A.B.C.D/N");
    }
    int address = Ipv4.parse(subnet.substring(0, slash));
    String prefixText = subnet.substring(slash + 1);
    if (prefixText.isEmpty() || prefixText.length() > 2
        || !prefixText.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException("invalid subnet " + subnet + ": expected A.B.C.D/N");
    }
    int prefix = Integer.parseInt(prefixText);
    if (prefix < SMALLEST_PREFIX || prefix > LARGEST_PREFIX) {
      throw new IllegalArgumentException("invalid subnet " + subnet + ": the prefix must be /"
          + SMALLEST_PREFIX + " to /" + LARGEST_PREFIX);
    }
    if ((address & ~Ipv4.mask(prefix)) != 0) {
      throw new IllegalArgumentException("invalid subnet " + subnet
          + ": host bits are set; did you mean "
          + Ipv4.format(address & Ipv4.mask(prefix)) + "/" + prefix + "?");
    }
  }
}
