package dev.edge.runtime.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edge.runtime.json.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A CNI network configuration list ({@code cniVersion}, {@code name}, {@code plugins}) and the
 * spec's rules for turning one of its plugins into that plugin's stdin.
 */
record NetworkConfigList(String cniVersion, String name, List<ObjectNode> plugins) {

  NetworkConfigList {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("network configuration list has no name");
    }
    if (plugins.isEmpty()) {
      throw new IllegalArgumentException("network " + name + " has no plugins");
    }
    for (ObjectNode plugin : plugins) {
      if (!plugin.path("type").isTextual()) {
        throw new IllegalArgumentException("network " + name + " has a plugin without a type");
      }
    }
    plugins = List.copyOf(plugins);
  }

  static NetworkConfigList fromJson(JsonNode json) {
    if (json == null || !json.path("plugins").isArray()) {
      throw new IllegalArgumentException("not a network configuration list: " + json);
    }
    List<ObjectNode> plugins = new ArrayList<>();
    for (JsonNode plugin : json.path("plugins")) {
      if (!plugin.isObject()) {
        throw new IllegalArgumentException("plugin entry is not an object: " + plugin);
      }
      plugins.add((ObjectNode) plugin);
    }
    return new NetworkConfigList(
        json.path("cniVersion").asText(CniRuntime.CNI_VERSION), json.path("name").asText(),
        plugins);
  }

  ObjectNode toJson() {
    ObjectNode json = Json.mapper().createObjectNode();
    json.put("cniVersion", cniVersion);
    json.put("name", name);
    ArrayNode array = json.putArray("plugins");
    plugins.forEach(p -> array.add(p.deepCopy()));
    return json;
  }

  String type(int index) {
    return plugins.get(index).path("type").asText();
  }

  /**
   * The stdin of plugin {@code index}: its own configuration plus the list's {@code name} and
   * {@code cniVersion}, {@code prevResult} when there is one, and a {@code runtimeConfig} holding
   * only the capability arguments the plugin declares in {@code capabilities}.
   */
  ObjectNode pluginInput(int index, JsonNode prevResult, Map<String, JsonNode> capabilityArgs) {
    ObjectNode input = plugins.get(index).deepCopy();
    input.put("cniVersion", cniVersion);
    input.put("name", name);
    ObjectNode runtimeConfig = Json.mapper().createObjectNode();
    JsonNode capabilities = input.path("capabilities");
    for (Iterator<String> it = capabilities.fieldNames(); it.hasNext(); ) {
      String capability = it.next();
      JsonNode value = capabilityArgs.get(capability);
      if (capabilities.path(capability).asBoolean(false) && value != null) {
        runtimeConfig.set(capability, value);
      }
    }
    if (!runtimeConfig.isEmpty()) {
      input.set("runtimeConfig", runtimeConfig);
    } else {
      input.remove("runtimeConfig");
    }
    if (prevResult != null) {
      input.set("prevResult", prevResult);
    } else {
      input.remove("prevResult");
    }
    return input;
  }
}
