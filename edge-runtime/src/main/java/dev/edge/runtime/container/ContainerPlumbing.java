package dev.edge.runtime.container;

import dev.edge.runtime.api.ApiException;
import dev.edge.runtime.distribution.ImageStore;
import dev.edge.runtime.image.Digest;
import dev.edge.runtime.image.ImageConfig;
import dev.edge.runtime.json.Json;
import dev.edge.runtime.network.ContainerNetworks;
import dev.edge.runtime.network.NetworkAttachment;
import dev.edge.runtime.network.NetworkException;
import dev.edge.runtime.network.NetworkMode;
import dev.edge.runtime.network.PortAllocatedException;
import dev.edge.runtime.network.PortMapping;
import dev.edge.runtime.network.PublishedPort;
import dev.edge.runtime.spec.ContainerSpecException;
import dev.edge.runtime.spec.EffectiveConfig;
import dev.edge.runtime.store.ImageRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What ties a container to this machine, in one place: the merged configuration, the network
 * (CNI), the OCI bundle (spec, mounts, devices, volumes) and their release. The lifecycle in
 * {@link ContainerService} calls it at create, prepare and exit.
 */
public final class ContainerPlumbing {
  private static final Logger LOG = LoggerFactory.getLogger(ContainerPlumbing.class);

  private final ImageStore images;
  private final ContainerNetworks networks;
  private final BundleFactory bundles;

  public ContainerPlumbing(ImageStore images, ContainerNetworks networks, BundleFactory bundles) {
    this.images = images;
    this.networks = networks;
    this.bundles = bundles;
  }

  /** The configuration a new container gets, and warnings for the client. */
  public record Checked(ContainerConfig config, List<String> warnings) {}

  /** Validates a create request (network, mounts, command) and merges the image's defaults. */
  Checked check(String id, ContainerConfig asked, HostConfig host, ImageRecord image)
      throws IOException {
    NetworkMode mode;
    List<PortMapping> ports;
    try {
      mode = NetworkMode.parse(host.networkMode());
      ports = portMappings(host);
    } catch (IllegalArgumentException e) {
      throw e.getMessage() != null && e.getMessage().endsWith("not found")
          ? ApiException.notFound(e.getMessage()) : ApiException.badRequest(e.getMessage());
    }
    ImageConfig config = imageConfig(image);
    EffectiveConfig merged;
    try {
      merged = EffectiveConfig.merge(asked, config.config(),
          EffectiveConfig.defaultHostname(id, mode == NetworkMode.HOST, hostName()));
    } catch (ContainerSpecException e) {
      throw ApiException.badRequest(e.getMessage());
    }
    List<String> warnings = new ArrayList<>(bundles.validate(host));
    if (mode == NetworkMode.HOST && !ports.isEmpty()) {
      warnings.add("Published ports are discarded when using host network mode");
    }
    return new Checked(merged.toContainerConfig(), warnings);
  }

  NetworkMode mode(Container c) {
    return NetworkMode.parse(c.hostConfig().networkMode());
  }

  /** Joins the container to its network; the result goes into the record for inspect/ps. */
  Container.NetworkInfo attachNetwork(Container c) throws IOException {
    NetworkMode mode = mode(c);
    NetworkAttachment a;
    try {
      a = networks.attach(c.id(), mode, mode == NetworkMode.HOST ? List.of()
          : portMappings(c.hostConfig()));
    } catch (PortAllocatedException e) {
      // Docker answers a taken host port with 500 ("driver failed programming external
      // connectivity"); clients print the message either way.
      throw new ApiException(500, e.getMessage());
    }
    Map<String, List<HostConfig.PortBinding>> ports = new LinkedHashMap<>();
    for (PublishedPort p : a.ports()) {
      ports.computeIfAbsent(p.dockerKey(), k -> new ArrayList<>())
          .add(new HostConfig.PortBinding(p.hostIp(), Integer.toString(p.hostPort())));
    }
    return new Container.NetworkInfo(mode.toString(), a.ipAddress(), a.prefixLength(),
        a.gateway(), a.macAddress(), ports, a.netnsPath());
  }

  /**
   * Releases the network of a container that has exited, in the background: the CNI DEL of a
   * bridge takes tens of milliseconds of iptables calls that nobody needs to wait for. A new
   * attach of the same container, or of its host ports, waits for it.
   */
  void releaseNetwork(Container c) {
    networks.detachInBackground(c.id());
  }

  /** Undoes a network attach at once, for a start that failed half-way. */
  void detachNetwork(Container c) {
    try {
      networks.detach(c.id());
    } catch (NetworkException | RuntimeException e) {
      LOG.warn("releasing the network of {}: {}", c.shortId(), e.getMessage());
    }
  }

  /** Writes {@code dir}/config.json for the runtime; returns the mounts for inspect. */
  List<Container.MountPoint> writeBundle(Container c, Path dir, Path rootfs) throws IOException {
    try {
      return bundles.write(c, dir, rootfs);
    } catch (ContainerSpecException e) {
      throw ApiException.badRequest(e.getMessage());
    }
  }

  /** Writes the process spec of an exec; returns its path. */
  Path writeExecSpec(Container c, ExecConfig exec, Path dir) throws IOException {
    try {
      return bundles.writeExec(c, exec, dir);
    } catch (ContainerSpecException e) {
      throw ApiException.badRequest(e.getMessage());
    }
  }

  void releaseVolumes(Container c, boolean removeAnonymous) {
    bundles.releaseVolumes(c, removeAnonymous);
  }

  /** At start: drops network state of containers that no longer exist. */
  void reconcile(List<Container> live) {
    Set<String> ids = new HashSet<>();
    live.forEach(c -> ids.add(c.id()));
    try {
      networks.reconcile(ids);
    } catch (NetworkException | RuntimeException e) {
      LOG.warn("reconciling container networks: {}", e.getMessage());
    }
  }

  private ImageConfig imageConfig(ImageRecord image) throws IOException {
    try (InputStream in = images.content().open(Digest.parse(image.id()))) {
      return Json.mapper().readValue(in, ImageConfig.class);
    }
  }

  private static List<PortMapping> portMappings(HostConfig host) {
    List<PortMapping> list = new ArrayList<>();
    for (Map.Entry<String, List<HostConfig.PortBinding>> e : host.portBindings().entrySet()) {
      if (e.getValue() == null || e.getValue().isEmpty()) {
        list.add(PortMapping.fromDocker(e.getKey(), "", ""));
        continue;
      }
      for (HostConfig.PortBinding b : e.getValue()) {
        list.add(PortMapping.fromDocker(e.getKey(), b.hostIp(), b.hostPort()));
      }
    }
    return list;
  }

  private static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }
}
