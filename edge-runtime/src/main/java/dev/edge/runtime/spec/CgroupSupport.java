package dev.edge.runtime.spec;

import dev.edge.runtime.system.CgroupControllers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * Which limits the host's cgroups can enforce, decided as Docker's sysinfo decides: on v2 by
 * the root's controllers, on v1 (and hybrid) by the hierarchies and their control files.
 */
public record CgroupSupport(
    int version,
    boolean memory,
    boolean swap,
    boolean cpuShares,
    boolean cpuCfs,
    boolean pids) {
  private static final Path ROOT = Path.of("/sys/fs/cgroup");

  public static CgroupSupport detect() {
    return detect(ROOT, CgroupControllers.available());
  }

  static CgroupSupport detect(Path root, Set<String> controllers) {
    if (Files.exists(root.resolve("cgroup.controllers"))) {
      boolean memory = controllers.contains("memory");
      boolean cpu = controllers.contains("cpu");
      return new CgroupSupport(2, memory, memory, cpu, cpu, controllers.contains("pids"));
    }
    boolean memory = controllers.contains("memory");
    boolean cpu = controllers.contains("cpu");
    return new CgroupSupport(1, memory,
        memory && Files.exists(root.resolve("memory/memory.memsw.limit_in_bytes")),
        cpu && Files.exists(root.resolve("cpu/cpu.shares")),
        cpu && Files.exists(root.resolve("cpu/cpu.cfs_quota_us")),
        controllers.contains("pids"));
  }
}
