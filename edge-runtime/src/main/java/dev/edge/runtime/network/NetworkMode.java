package dev.edge.runtime.network;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Docker's {@code --network} choices that edge provides. */
public enum NetworkMode {
  /** A namespace of its own on edge's bridge, with NAT to the outside and published ports. */
  BRIDGE,
  /** The host's own network stack: no namespace, published ports are ignored. */
  HOST,
  /** A namespace of its own with only the loopback interface. */
  NONE;

  /**
   * Parses a {@code HostConfig.NetworkMode} value; empty and {@code default} mean bridge, as in
   * Docker. Other network names are refused in Docker's words.
   */
  @JsonCreator
  public static NetworkMode parse(String mode) {
    if (mode == null || mode.isEmpty() || mode.equals("default")) {
      return BRIDGE;
    }
    switch (mode) {
      case "bridge":
        return BRIDGE;
      case "host":
        return HOST;
      case "none":
        return NONE;
      default:
        if (mode.startsWith("container:")) {
          throw new IllegalArgumentException("network mode " + mode
              + " is not supported: edge offers bridge, host and none");
        }
        throw new IllegalArgumentException("network " + mode + " not found");
    }
  }

  /** Whether the container gets a network namespace of its own. */
  public boolean hasNamespace() {
    return this != HOST;
  }

  @JsonValue
  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
