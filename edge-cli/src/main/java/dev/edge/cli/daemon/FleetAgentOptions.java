package dev.edge.cli.daemon;

import dev.edge.agent.fleet.AgentConfig;
import dev.edge.agent.fleet.DaemonEventFeed;
import dev.edge.agent.fleet.FleetAgent;
import dev.edge.agent.fleet.FleetKeys;
import dev.edge.agent.fleet.FleetTopics;
import dev.edge.agent.jobs.JobEngine;
import dev.edge.agent.mqtt.Backoff;
import dev.edge.agent.mqtt.MqttSettings;
import dev.edge.agent.mqtt.PahoTransport;
import dev.edge.cli.UserException;
import dev.edge.cli.fleet.MqttLoginOptions;
import dev.edge.runtime.daemon.Daemon;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code edge daemon}'s fleet flags: with {@code --mqtt}, the daemon also runs the MQTT fleet agent. */
public final class FleetAgentOptions {
  @Option(names = "--mqtt", paramLabel = "URL",
      description = "Run the fleet agent against this broker: mqtt://HOST:PORT or mqtts://HOST:PORT")
  String broker;

  @Option(names = "--gateway-id", paramLabel = "ID",
      description = "This gateway's id in the fleet's topics (default: the host name)")
  String gatewayId;

  @Option(names = "--fleet-key", paramLabel = "PUB",
      description = "A fleet public key (PEM, from `edge fleet keygen`) whose signed jobs this gateway runs"
          + " (repeatable)")
  List<Path> fleetKeys = new ArrayList<>();

  @Mixin
  MqttLoginOptions login = new MqttLoginOptions();

  @Option(names = "--ha-discovery", description = "Publish Home Assistant MQTT discovery for the gateway and"
      + " its boards")
  boolean haDiscovery;

  @Option(names = "--mqtt-heartbeat", paramLabel = "SECONDS", defaultValue = "60",
      description = "Seconds between status heartbeats (default ${DEFAULT-VALUE})")
  int heartbeatSeconds;

  boolean enabled() {
    return broker != null;
  }

  /** Fails fast on flags that cannot work, before the daemon takes its root. */
  void check(CommandLine cli) {
    if (broker == null) {
      if (!fleetKeys.isEmpty() || gatewayId != null || haDiscovery) {
        throw new UserException("edge daemon: --fleet-key, --gateway-id and --ha-discovery need --mqtt URL");
      }
      return;
    }
    settings(cli);
    keys();
    if (fleetKeys.isEmpty()) {
      throw new UserException("edge daemon: --mqtt needs at least one --fleet-key PUB: without one no job could"
          + " be trusted (make a key pair with `edge fleet keygen --out PREFIX`)");
    }
    if (heartbeatSeconds < 1) {
      throw new UserException("edge daemon: --mqtt-heartbeat " + heartbeatSeconds + ": at least 1 second");
    }
  }

  String gateway() {
    String id = gatewayId;
    if (id == null) {
      try {
        id = InetAddress.getLocalHost().getHostName();
      } catch (IOException e) {
        throw new UserException("edge daemon: no --gateway-id and the host name is unknown: " + e.getMessage());
      }
    }
    try {
      return FleetTopics.sanitise(id);
    } catch (IllegalArgumentException e) {
      throw new UserException("edge daemon: --gateway-id: " + e.getMessage());
    }
  }

  /** The running agent and what feeds it; close to stop both (publishing the offline state). */
  record Running(FleetAgent agent, DaemonEventFeed feed) implements AutoCloseable {
    @Override
    public void close() {
      feed.close();
      try {
        agent.close();
      } catch (IOException e) {
        // the broker went first; its will says offline for us
      }
    }
  }

  /** The fleet keys by id; read in {@link #check} too, so a bad key stops the daemon before it starts. */
  private Map<String, PublicKey> keys() {
    Map<String, PublicKey> keys = new LinkedHashMap<>();
    for (Path file : fleetKeys) {
      try {
        PublicKey k = FleetKeys.readPublic(file);
        keys.put(FleetKeys.keyId(k), k);
      } catch (java.nio.file.NoSuchFileException e) {
        throw new UserException("edge daemon: --fleet-key " + file + ": no such file");
      } catch (IOException e) {
        throw new UserException("edge daemon: --fleet-key " + e.getMessage());
      }
    }
    return keys;
  }

  private MqttSettings settings(CommandLine cli) {
    return login.settings(cli, "--mqtt", broker);
  }

  /** Starts the agent with the flags {@link #check} accepted (in this JVM or in the one that exec'd it). */
  Running start(Daemon daemon, JobEngine jobs, Supplier<Map<String, Object>> facts) {
    String gateway = gateway();
    Map<String, PublicKey> keys = keys();
    Path state = daemon.config().root().resolve("agent");
    MqttSettings settings = login.settings(broker);
    try {
      PahoTransport transport = PahoTransport.create(settings, gateway, state.resolve("mqtt"),
          FleetAgent.will(gateway), new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(2), new Random()), true);
      FleetAgent agent = new FleetAgent(new AgentConfig(gateway, keys, state,
          Duration.ofSeconds(heartbeatSeconds), AgentConfig.DEFAULT_OUTBOX_LIMIT, haDiscovery), transport, jobs,
          facts);
      DaemonEventFeed feed = DaemonEventFeed.start(daemon.events(), agent);
      agent.start();
      return new Running(agent, feed);
    } catch (IOException e) {
      throw new UserException("edge daemon: --mqtt " + broker + ": " + e.getMessage());
    }
  }
}
