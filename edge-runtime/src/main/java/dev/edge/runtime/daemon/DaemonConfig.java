package dev.edge.runtime.daemon;

import dev.edge.runtime.api.HostAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** How the daemon was asked to run. */
public record DaemonConfig(
    Path root,
    List<HostAddress> hosts,
    Optional<String> runtime,
    List<String> insecureRegistries) {

  public static final Path DEFAULT_ROOT = Path.of("/var/lib/edge");

  public DaemonConfig {
    if (hosts.isEmpty()) {
      throw new IllegalArgumentException("the daemon needs at least one --host to listen on");
    }
    hosts.forEach(HostAddress::requireSafeForPlainHttp);
    hosts = List.copyOf(hosts);
    insecureRegistries = List.copyOf(insecureRegistries);
  }
}
