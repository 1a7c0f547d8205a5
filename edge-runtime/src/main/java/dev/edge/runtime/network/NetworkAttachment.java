package dev.edge.runtime.network;

import java.util.List;

/**
 * A container's network as set up: the namespace path for the OCI spec's network namespace
 * (empty for host mode), the address on the bridge for {@code docker inspect}'s NetworkSettings
 * (empty for none and host), the host ports actually published, and warnings for the client.
 */
public record NetworkAttachment(
    String containerId,
    NetworkMode mode,
    String networkName,
    String netnsPath,
    String ipAddress,
    int prefixLength,
    String gateway,
    String macAddress,
    List<PublishedPort> ports,
    List<String> warnings) {

  public NetworkAttachment {
    netnsPath = netnsPath == null ? "" : netnsPath;
    ipAddress = ipAddress == null ? "" : ipAddress;
    gateway = gateway == null ? "" : gateway;
    macAddress = macAddress == null ? "" : macAddress;
    ports = List.copyOf(ports);
    warnings = List.copyOf(warnings);
  }

  /** Whether the container has a namespace of its own to join (bridge and none). */
  public boolean hasNamespace() {
    return !netnsPath.isEmpty();
  }
}
