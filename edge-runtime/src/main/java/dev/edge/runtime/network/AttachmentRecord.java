package dev.edge.runtime.network;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What edge wrote down about one container's network, enough to tear it down from disk alone:
 * each CNI network's configuration list, runtime arguments and ADD result (edge's CNI cache).
 * {@code complete} is false from before the first change to the host until every ADD returned.
 */
record AttachmentRecord(
    String containerId,
    NetworkMode mode,
    String netns,
    boolean complete,
    List<NetworkRecord> networks,
    List<PublishedPort> ports) {

  AttachmentRecord {
    networks = networks == null ? List.of() : List.copyOf(networks);
    ports = ports == null ? List.of() : List.copyOf(ports);
  }

  /** One CNI network in the container: interface, configuration list, arguments, ADD result. */
  record NetworkRecord(
      String ifname, JsonNode config, Map<String, JsonNode> capabilityArgs, JsonNode result) {
    NetworkRecord {
      capabilityArgs = capabilityArgs == null ? Map.of() : Map.copyOf(capabilityArgs);
    }

    NetworkConfigList list() {
      return NetworkConfigList.fromJson(config);
    }

    NetworkRecord withResult(JsonNode added) {
      return new NetworkRecord(ifname, config, capabilityArgs, added);
    }
  }

  /** The record once every network's ADD has returned {@code results}, in network order. */
  AttachmentRecord completed(List<JsonNode> results) {
    List<NetworkRecord> done = new ArrayList<>();
    for (int i = 0; i < networks.size(); i++) {
      done.add(networks.get(i).withResult(results.get(i)));
    }
    return new AttachmentRecord(containerId, mode, netns, true, done, ports);
  }
}
