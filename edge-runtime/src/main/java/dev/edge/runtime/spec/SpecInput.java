package dev.edge.runtime.spec;

import dev.edge.runtime.container.HostConfig;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything the spec builder needs about one container.
 *
 * @param containerId the full id; names the cgroup
 * @param config the merged config ({@link EffectiveConfig#merge})
 * @param hostConfig the request's host configuration
 * @param rootfs the mounted root file system (the lead's overlay), absolute
 * @param network how the container is networked
 * @param containerDir the container's own directory; hosts, hostname and resolv.conf go here
 * @param mounts the user mounts from {@link MountPlanner#plan}
 */
public record SpecInput(
    String containerId,
    EffectiveConfig config,
    HostConfig hostConfig,
    Path rootfs,
    NetworkSetup network,
    Path containerDir,
    List<ContainerMount> mounts) {
  public SpecInput {
    mounts = List.copyOf(mounts);
    if (!rootfs.isAbsolute()) {
      throw new IllegalArgumentException("the rootfs path must be absolute: " + rootfs);
    }
  }
}
