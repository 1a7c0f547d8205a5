package dev.edge.agent.fleet;

import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Map;

/**
 * What a gateway's agent is told at start.
 *
 * @param gatewayId the id as given; topics use its {@link FleetTopics#sanitise}d form
 * @param fleetKeys the public keys whose signatures order jobs, by {@link FleetKeys#keyId}
 * @param stateDir the agent's own files: outbox, replay window
 * @param heartbeat how often the status is republished when nothing changed
 * @param outboxLimit messages buffered while offline before new ones are dropped (and counted)
 * @param haDiscovery whether to publish Home Assistant discovery documents
 */
public record AgentConfig(String gatewayId, Map<String, PublicKey> fleetKeys, Path stateDir, Duration heartbeat,
                          int outboxLimit, boolean haDiscovery) {
  public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(60);
  public static final int DEFAULT_OUTBOX_LIMIT = 10_000;

  public AgentConfig {
    if (fleetKeys.isEmpty()) {
      throw new IllegalArgumentException("the agent needs at least one fleet public key (--fleet-key)");
    }
    fleetKeys = Map.copyOf(fleetKeys);
  }
}
