package dev.edge.cli.daemon;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code edge daemon}'s flags, once picocli has parsed and checked them, as {@code --name=value}
 * arguments for the daemon's own JVM ({@link DaemonExec}), and back. The names are the command's
 * own, so {@code ps} shows what the daemon runs with. Only values picocli accepted are written,
 * and only this class writes them, so reading them back needs no parser of its own.
 */
final class DaemonArgs {
  private DaemonArgs() {}

  static List<String> of(DaemonCommand c) {
    List<String> args = new ArrayList<>();
    add(args, "--root", c.root.toAbsolutePath());
    c.hosts.forEach(h -> add(args, "--host", h));
    add(args, "--runtime", c.runtime);
    add(args, "--storage-driver", c.storageDriver);
    c.insecureRegistries.forEach(r -> add(args, "--insecure-registry", r));
    add(args, "--bridge", c.bridge);
    add(args, "--bip", c.bridgeSubnet);
    add(args, "--log-level", c.logLevel);
    FleetAgentOptions f = c.fleet;
    add(args, "--mqtt", f.broker);
    add(args, "--gateway-id", f.gatewayId);
    f.fleetKeys.forEach(k -> add(args, "--fleet-key", k.toAbsolutePath()));
    f.login.forEachSet((flag, value) -> add(args, flag, value));
    add(args, "--ha-discovery", f.haDiscovery ? "true" : null);
    add(args, "--mqtt-heartbeat", f.broker == null ? null : f.heartbeatSeconds);
    return args;
  }

  /** The command {@link #of} described; an argument it cannot have written is an IllegalArgumentException. */
  static DaemonCommand parse(List<String> args) {
    DaemonCommand c = new DaemonCommand();
    FleetAgentOptions f = c.fleet;
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (!arg.startsWith("--") || eq < 0) {
        throw new IllegalArgumentException("daemon argument " + arg + ": expected --name=value");
      }
      String value = arg.substring(eq + 1);
      switch (arg.substring(0, eq)) {
        case "--root" -> c.root = Path.of(value);
        case "--host" -> c.hosts.add(value);
        case "--runtime" -> c.runtime = value;
        case "--storage-driver" -> c.storageDriver = value;
        case "--insecure-registry" -> c.insecureRegistries.add(value);
        case "--bridge" -> c.bridge = value;
        case "--bip" -> c.bridgeSubnet = value;
        case "--log-level" -> c.logLevel = value;
        case "--mqtt" -> f.broker = value;
        case "--gateway-id" -> f.gatewayId = value;
        case "--fleet-key" -> f.fleetKeys.add(Path.of(value));
        case "--ha-discovery" -> f.haDiscovery = Boolean.parseBoolean(value);
        case "--mqtt-heartbeat" -> f.heartbeatSeconds = Integer.parseInt(value);
        default -> {
          if (!f.login.set(arg.substring(0, eq), value)) {
            throw new IllegalArgumentException("daemon argument " + arg + ": unknown flag");
          }
        }
      }
    }
    if (c.root == null || c.logLevel == null) {
      throw new IllegalArgumentException("daemon arguments " + args + ": --root and --log-level are required");
    }
    return c;
  }

  private static void add(List<String> args, String flag, Object value) {
    if (value != null) {
      args.add(flag + "=" + value);
    }
  }
}
