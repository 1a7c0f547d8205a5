package dev.edge.runtime.network;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Named network namespaces made by iproute2 ({@code ip netns add/delete}), one per container,
 * named {@code PREFIX<containerId>} in /run/netns. iproute2 makes /run/netns a shared mount, so
 * the namespace's bind mount is also released in mount namespaces that copied it.
 */
final class NetworkNamespaces {
  static final Path NETNS_DIR = Path.of("/run/netns");
  static final Duration IP_TIMEOUT = Duration.ofSeconds(10);

  private final String prefix;

  NetworkNamespaces(String prefix) {
    this.prefix = prefix;
  }

  Path path(String containerId) {
    return NETNS_DIR.resolve(prefix + containerId);
  }

  boolean exists(String containerId) {
    return Files.exists(path(containerId));
  }

  Path create(String containerId) throws NetworkException {
    ip("add", containerId);
    return path(containerId);
  }

  /** Deletes the namespace if it is there; its interfaces (the veth end) go with it. */
  void delete(String containerId) throws NetworkException {
    if (exists(containerId)) {
      ip("delete", containerId);
    }
  }

  /** The container IDs of the namespaces with this prefix. */
  Set<String> list() throws NetworkException {
    Set<String> ids = new TreeSet<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(NETNS_DIR, prefix + "*")) {
      for (Path entry : entries) {
        ids.add(entry.getFileName().toString().substring(prefix.length()));
      }
    } catch (NoSuchFileException e) {
      return ids;
    } catch (IOException e) {
      throw new NetworkException("list network namespaces in " + NETNS_DIR + ": "
          + e.getMessage(), e);
    }
    return ids;
  }

  private void ip(String verb, String containerId) throws NetworkException {
    String name = prefix + containerId;
    HostProcess.Output output;
    try {
      output = HostProcess.run(List.of("ip", "netns", verb, name), Map.of(), new byte[0],
          IP_TIMEOUT);
    } catch (IOException e) {
      throw new NetworkException("ip netns " + verb + " " + name + ": " + e.getMessage()
          + " (Debian installs ip with iproute2)", e);
    }
    if (output.exitCode() != 0) {
      throw new NetworkException("ip netns " + verb + " " + name + ": "
          + (output.stderrText().isEmpty() ? "exit status " + output.exitCode()
              : output.stderrText()));
    }
  }
}
