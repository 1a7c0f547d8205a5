package dev.edge.runtime.container;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.edge.runtime.json.Json;

/**
 * The body of {@code POST /containers/create}: Docker sends the container {@code Config}
 * fields at the top level, with {@code HostConfig} beside them.
 */
public record CreateRequest(ContainerConfig config, HostConfig hostConfig) {
  public CreateRequest {
    hostConfig = hostConfig == null ? HostConfig.defaults() : hostConfig;
  }

  public static CreateRequest fromJson(JsonNode body) throws JsonProcessingException {
    ContainerConfig config = Json.mapper().treeToValue(body, ContainerConfig.class);
    JsonNode host = body.get("HostConfig");
    HostConfig hostConfig = host == null || host.isNull()
        ? null : Json.mapper().treeToValue(host, HostConfig.class);
    return new CreateRequest(config, hostConfig);
  }
}
