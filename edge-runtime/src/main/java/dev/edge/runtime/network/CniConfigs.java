package dev.edge.runtime.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edge.runtime.json.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The CNI configuration lists edge runs: loopback, and bridge + host-local (+ portmap). */
final class CniConfigs {
  static final String LOOPBACK_NETWORK = "loopback";
  static final String LOOPBACK_IFNAME = "lo";
  static final String BRIDGE_IFNAME = "eth0";
  static final String PORT_MAPPINGS = "portMappings";

  private CniConfigs() {}

  static NetworkConfigList loopback() {
    ObjectNode plugin = Json.mapper().createObjectNode();
    plugin.put("type", "loopback");
    return new NetworkConfigList(CniRuntime.CNI_VERSION, LOOPBACK_NETWORK, List.of(plugin));
  }

  /**
   * The bridge network: a gateway bridge with masquerading and hairpin (a container reaches its
   * own published ports), host-local addresses kept in {@code ipamDir}, and portmap only when
   * ports are published, so a plain run spares portmap's process and its iptables calls.
   */
  static NetworkConfigList bridge(BridgeNetworkConfig config, Path ipamDir, boolean portmap) {
    List<ObjectNode> plugins = new ArrayList<>();
    ObjectNode bridge = Json.mapper().createObjectNode();
    bridge.put("type", "bridge");
    bridge.put("bridge", config.bridge());
    bridge.put("isGateway", true);
    bridge.put("ipMasq", true);
    bridge.put("hairpinMode", true);
    if (config.mtu() != 0) {
      bridge.put("mtu", config.mtu());
    }
    ObjectNode ipam = bridge.putObject("ipam");
    ipam.put("type", "host-local");
    ObjectNode range = ipam.putArray("ranges").addArray().addObject();
    range.put("subnet", config.subnet());
    range.put("gateway", config.gateway());
    ipam.putArray("routes").addObject().put("dst", "0.0.0.0/0");
    ipam.put("dataDir", ipamDir.toString());
    plugins.add(bridge);
    if (portmap) {
      ObjectNode mapper = Json.mapper().createObjectNode();
      mapper.put("type", "portmap");
      mapper.putObject("capabilities").put(PORT_MAPPINGS, true);
      // SNAT for connections from the host itself, so 127.0.0.1:HOSTPORT reaches the container.
      mapper.put("snat", true);
      plugins.add(mapper);
    }
    return new NetworkConfigList(CniRuntime.CNI_VERSION, config.name(), plugins);
  }

  /** The {@code portMappings} capability argument portmap expects in its runtimeConfig. */
  static Map<String, JsonNode> portMappingArgs(List<PublishedPort> ports) {
    if (ports.isEmpty()) {
      return Map.of();
    }
    ArrayNode mappings = Json.mapper().createArrayNode();
    for (PublishedPort port : ports) {
      ObjectNode mapping = mappings.addObject();
      mapping.put("hostPort", port.hostPort());
      mapping.put("containerPort", port.containerPort());
      mapping.put("protocol", port.protocol().toString());
      if (!port.hostIp().equals(PublishedPort.ALL_ADDRESSES)) {
        mapping.put("hostIP", port.hostIp());
      }
    }
    return Map.of(PORT_MAPPINGS, mappings);
  }
}
