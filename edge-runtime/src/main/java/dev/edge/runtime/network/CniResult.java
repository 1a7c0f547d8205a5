package dev.edge.runtime.network;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A CNI 1.0 success result: the interfaces a plugin made, the IP configurations on them, and the
 * JSON as printed, which is handed on unchanged as the next plugin's {@code prevResult}.
 */
record CniResult(String cniVersion, List<Interface> interfaces, List<IpConfig> ips, JsonNode json) {

  /** One entry of {@code interfaces}; {@code sandbox} is set for interfaces in the container. */
  record Interface(String name, String mac, String sandbox) {}

  /** One entry of {@code ips}; {@code interfaceIndex} points into interfaces, or is -1. */
  record IpConfig(String address, String gateway, int interfaceIndex) {}

  /** The container end of an attachment, as {@code docker inspect} reports it. */
  record ContainerAddress(String ip, int prefixLength, String gateway, String mac) {}

  static CniResult parse(JsonNode json) {
    if (json == null || !json.isObject()) {
      throw new IllegalArgumentException("result is not a JSON object");
    }
    if (!json.path("cniVersion").isTextual()) {
      throw new IllegalArgumentException("result has no cniVersion");
    }
    List<Interface> interfaces = new ArrayList<>();
    for (JsonNode i : array(json, "interfaces")) {
      if (!i.path("name").isTextual()) {
        throw new IllegalArgumentException("result has an interface without a name: " + i);
      }
      interfaces.add(new Interface(i.path("name").asText(), text(i, "mac"), text(i, "sandbox")));
    }
    List<IpConfig> ips = new ArrayList<>();
    for (JsonNode ip : array(json, "ips")) {
      if (!ip.path("address").isTextual()) {
        throw new IllegalArgumentException("result has an IP entry without an address: " + ip);
      }
      int index = ip.has("interface") ? ip.path("interface").asInt(-1) : -1;
      if (index >= interfaces.size()) {
        throw new IllegalArgumentException("result's IP " + ip.path("address").asText()
            + " names interface " + index + " of " + interfaces.size());
      }
      ips.add(new IpConfig(ip.path("address").asText(), text(ip, "gateway"), index));
    }
    return new CniResult(json.path("cniVersion").asText(), List.copyOf(interfaces),
        List.copyOf(ips), json);
  }

  /** The first IPv4 configuration on the container interface {@code ifname}. */
  Optional<ContainerAddress> containerAddress(String ifname) {
    for (IpConfig ip : ips) {
      Interface owner = ip.interfaceIndex() < 0 ? null : interfaces.get(ip.interfaceIndex());
      if (owner != null && !(ifname.equals(owner.name()) && owner.sandbox() != null)) {
        continue;
      }
      int slash = ip.address().indexOf('/');
      String address = slash < 0 ? ip.address() : ip.address().substring(0, slash);
      if (!Ipv4.isLiteral(address)) {
        continue;
      }
      int prefix = slash < 0 ? 32 : Integer.parseInt(ip.address().substring(slash + 1));
      String mac = owner != null ? owner.mac() : sandboxMac(ifname);
      return Optional.of(new ContainerAddress(address, prefix, ip.gateway(), mac));
    }
    return Optional.empty();
  }

  private String sandboxMac(String ifname) {
    return interfaces.stream()
        .filter(i -> i.sandbox() != null && i.name().equals(ifname))
        .map(Interface::mac)
        .findFirst()
        .orElse(null);
  }

  private static Iterable<JsonNode> array(JsonNode json, String field) {
    JsonNode node = json.path(field);
    if (node.isMissingNode() || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw new IllegalArgumentException("result's " + field + " is not an array");
    }
    return node;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isTextual() && !value.asText().isEmpty() ? value.asText() : null;
  }
}
