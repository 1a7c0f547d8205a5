package dev.edge.runtime.daemon;

import dev.edge.runtime.api.HostAddress;
import dev.edge.runtime.network.BridgeNetworkConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** How the daemon was asked to run. */
public record DaemonConfig(
    Path root,
    List<HostAddress> hosts,
    Optional<String> runtime,
    List<String> insecureRegistries,
    BridgeNetworkConfig network,
    Optional<String> storageDriver) {

  public static final Path DEFAULT_ROOT = Path.of("/var/lib/edge");

  public DaemonConfig {
    if (hosts.isEmpty()) {
      throw new IllegalArgumentException("the daemon needs at least one --host to listen on");
    }
    hosts.forEach(HostAddress::requireSafeForPlainHttp);
    hosts = List.copyOf(hosts);
    insecureRegistries = List.copyOf(insecureRegistries);
  }

  /** A daemon on edge's default bridge network that probes for its snapshotter. */
  public DaemonConfig(Path root, List<HostAddress> hosts, Optional<String> runtime,
      List<String> insecureRegistries) {
    this(root, hosts, runtime, insecureRegistries, BridgeNetworkConfig.defaults(), Optional.empty());
  }
}
