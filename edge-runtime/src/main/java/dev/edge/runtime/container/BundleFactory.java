package dev.edge.runtime.container;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes what the OCI runtime reads: a container's {@code config.json} (namespaces, mounts,
 * devices, user, limits) and an exec's process spec.
 */
public interface BundleFactory {
  /** Checks mounts, devices and limits at create; returns warnings (limits dropped). */
  List<String> validate(HostConfig host) throws IOException;

  List<Container.MountPoint> write(Container c, Path dir, Path rootfs) throws IOException;

  Path writeExec(Container c, ExecConfig exec, Path dir) throws IOException;

  void releaseVolumes(Container c, boolean removeAnonymous);
}
