package dev.edge.runtime.spec;

import dev.edge.runtime.container.ContainerConfig;
import dev.edge.runtime.container.HostConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Hosts, images and requests the spec tests build from. */
final class SpecFixtures {
  static final String ID = "c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00";

  private SpecFixtures() {}

  /** A v1 host with every controller, its /etc files written under {@code dir}. */
  static HostSupport host(Path dir, int cgroupVersion) throws IOException {
    Path hosts = Files.writeString(dir.resolve("host-hosts"), "127.0.0.1\tlocalhost gw\n");
    Path resolv = Files.writeString(dir.resolve("host-resolv.conf"),
        "nameserver 127.0.0.53\nnameserver 192.168.1.1\n");
    return new HostSupport(new CgroupSupport(cgroupVersion, true, true, true, true, true), 40,
        1_048_576, 2, "amd64", false, "gw", hosts, resolv);
  }

  /** A root file system with account files and nothing else. */
  static Path rootfs(Path dir) throws IOException {
    Path root = Files.createDirectories(dir.resolve("rootfs/etc"));
    Files.writeString(root.resolve("passwd"), UserResolverTest.PASSWD);
    Files.writeString(root.resolve("group"), UserResolverTest.GROUP);
    return dir.resolve("rootfs");
  }

  static ContainerConfig request(String user, boolean tty, List<String> cmd) {
    return new ContainerConfig(null, null, user, false, true, true, null, tty, false, false,
        List.of("GREETING=hi"), cmd, null, "busybox", null, "/work", null, null, null, false);
  }

  /** A host config with only the fields the spec tests vary. */
  static HostConfig host(boolean privileged, boolean readonlyRootfs, List<String> capAdd,
      List<String> securityOpt, List<HostConfig.DeviceMapping> devices, long memory,
      Long pidsLimit, long shmSize) {
    return new HostConfig(null, null, null, null, null, false, null, false, devices,
        List.of("dialout"), memory, 0, 0, 0, 0, 0, pidsLimit, privileged, capAdd, null,
        securityOpt, readonlyRootfs, null, null, List.of("registry:10.0.0.9"), shmSize, null,
        null, null);
  }
}
