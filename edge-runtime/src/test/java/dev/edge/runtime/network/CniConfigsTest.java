package dev.edge.runtime.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edge.runtime.json.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CniConfigsTest {
  private final Path ipam = Path.of("/var/lib/edge/network/ipam");

  @Test
  void bridgeNetworkIsAGatewayWithMasqueradeHairpinAndHostLocalUnderTheRoot() {
    JsonNode list = CniConfigs.bridge(BridgeNetworkConfig.defaults(), ipam, false).toJson();
    assertEquals("1.0.0", list.path("cniVersion").asText());
    assertEquals("edge", list.path("name").asText());
    assertEquals(1, list.path("plugins").size(), "no portmap without published ports");
    JsonNode bridge = list.path("plugins").path(0);
    assertEquals("bridge", bridge.path("type").asText());
    assertEquals("edge0", bridge.path("bridge").asText());
    assertTrue(bridge.path("isGateway").asBoolean());
    assertTrue(bridge.path("ipMasq").asBoolean());
    assertTrue(bridge.path("hairpinMode").asBoolean());
    assertFalse(bridge.has("mtu"));
    JsonNode hostLocal = bridge.path("ipam");
    assertEquals("host-local", hostLocal.path("type").asText());
    assertEquals(ipam.toString(), hostLocal.path("dataDir").asText());
    assertEquals("10.87.0.0/16", hostLocal.path("ranges").path(0).path(0).path("subnet").asText());
    assertEquals("10.87.0.1", hostLocal.path("ranges").path(0).path(0).path("gateway").asText());
    assertEquals("0.0.0.0/0", hostLocal.path("routes").path(0).path("dst").asText());
  }

  @Test
  void portmapFollowsTheBridgeWhenPortsArePublished() {
    BridgeNetworkConfig config =
        new BridgeNetworkConfig("edgeit", "edgeit0", "10.199.7.0/24", 1400, List.of(ipam));
    JsonNode list = CniConfigs.bridge(config, ipam, true).toJson();
    assertEquals(1400, list.path("plugins").path(0).path("mtu").asInt());
    JsonNode portmap = list.path("plugins").path(1);
    assertEquals("portmap", portmap.path("type").asText());
    assertTrue(portmap.path("capabilities").path("portMappings").asBoolean());
    assertTrue(portmap.path("snat").asBoolean());
  }

  @Test
  void portMappingArgsNameASpecificHostAddressOnly() {
    Map<String, JsonNode> args = CniConfigs.portMappingArgs(List.of(
        new PublishedPort(Protocol.UDP, 53, "127.0.0.1", 5353),
        new PublishedPort(Protocol.TCP, 80, "0.0.0.0", 8080)));
    JsonNode mappings = args.get("portMappings");
    assertEquals("127.0.0.1", mappings.path(0).path("hostIP").asText());
    assertEquals("udp", mappings.path(0).path("protocol").asText());
    assertFalse(mappings.path(1).has("hostIP"));
    assertTrue(CniConfigs.portMappingArgs(List.of()).isEmpty());
  }

  @Test
  void configListRoundTripsThroughItsJson() {
    NetworkConfigList list = CniConfigs.bridge(BridgeNetworkConfig.defaults(), ipam, true);
    assertEquals(list, NetworkConfigList.fromJson(list.toJson()));
  }

  @Test
  void pluginInputReplacesStalePrevResultAndRuntimeConfig() throws Exception {
    ObjectNode plugin = (ObjectNode) Json.mapper().readTree("{\"type\":\"portmap\","
        + "\"capabilities\":{\"portMappings\":true,\"bandwidth\":false},"
        + "\"prevResult\":{\"stale\":true},\"runtimeConfig\":{\"stale\":true}}");
    NetworkConfigList list = new NetworkConfigList("1.0.0", "n", List.of(plugin));
    JsonNode bandwidth = Json.mapper().readTree("{\"ingressRate\":1}");
    ObjectNode input = list.pluginInput(0, null, Map.of("bandwidth", bandwidth));
    assertFalse(input.has("prevResult"));
    assertFalse(input.has("runtimeConfig"), "bandwidth is not a capability portmap declares");
    assertTrue(plugin.has("prevResult"), "the list itself is not modified");
  }

  @Test
  void malformedListsAreRefused() throws Exception {
    assertThrows(IllegalArgumentException.class, () -> NetworkConfigList.fromJson(
        Json.mapper().readTree("{\"name\":\"n\"}")));
    assertThrows(IllegalArgumentException.class, () -> NetworkConfigList.fromJson(
        Json.mapper().readTree("{\"name\":\"n\",\"plugins\":[]}")));
    assertThrows(IllegalArgumentException.class, () -> NetworkConfigList.fromJson(
        Json.mapper().readTree("{\"name\":\"n\",\"plugins\":[{\"bridge\":\"x\"}]}")));
    assertThrows(IllegalArgumentException.class, () -> NetworkConfigList.fromJson(
        Json.mapper().readTree("{\"plugins\":[{\"type\":\"bridge\"}]}")));
  }

  @Test
  void networkSettingsAreValidated() {
    BridgeNetworkConfig d = BridgeNetworkConfig.defaults();
    assertEquals("10.87.0.1", d.gateway());
    assertEquals(16, d.prefixLength());
    assertEquals("192.168.50.1", d.withSubnet("192.168.50.0/24").gateway());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> d.withSubnet("10.87.0.5/16"))
        .getMessage().contains("did you mean 10.87.0.0/16?"));
    for (String bad : List.of("10.87.0.0", "10.87.0.0/31", "10.87.0.0/7", "10.87.0/16",
        "10.87.0.0/x", "fd00::/64")) {
      assertThrows(IllegalArgumentException.class, () -> d.withSubnet(bad), bad);
    }
    assertThrows(IllegalArgumentException.class,
        () -> new BridgeNetworkConfig("edge", "a-very-long-bridge", "10.0.0.0/24", 0,
            List.of(ipam)));
    assertThrows(IllegalArgumentException.class,
        () -> new BridgeNetworkConfig("-edge", "edge0", "10.0.0.0/24", 0, List.of(ipam)));
    assertThrows(IllegalArgumentException.class,
        () -> new BridgeNetworkConfig("edge", "edge0", "10.0.0.0/24", 20, List.of(ipam)));
    assertThrows(IllegalArgumentException.class,
        () -> new BridgeNetworkConfig("edge", "edge0", "10.0.0.0/24", 0, List.of()));
  }
}
