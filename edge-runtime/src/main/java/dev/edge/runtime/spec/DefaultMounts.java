package dev.edge.runtime.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The file systems every container gets, as Docker's default spec lists them (/proc, /dev and
 * its pts, shm and mqueue, /sys and the cgroup tree), and the /proc and /sys paths it masks or
 * makes read-only.
 */
public final class DefaultMounts {
  /** Docker's {@code --shm-size} default. */
  public static final long DEFAULT_SHM_SIZE = 64L * 1024 * 1024;
  /** Docker's masked paths (as of Docker 28): hidden behind /dev/null or an empty tmpfs. */
  public static final List<String> MASKED_PATHS = List.of(
      "/proc/asound", "/proc/acpi", "/proc/interrupts", "/proc/kcore", "/proc/keys",
      "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug",
      "/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap");
  public static final List<String> READONLY_PATHS = List.of(
      "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");

  private DefaultMounts() {}

  /**
   * The default mounts, less those a user mount replaces: one at the same destination, or
   * every /dev sub-mount when the user mounts /dev itself.
   */
  public static List<OciSpec.Mount> build(long shmSize, boolean privileged,
      boolean writableCgroups, Set<String> userDestinations) {
    if (shmSize < 0) {
      throw new ContainerSpecException("SHM size can not be less than 0");
    }
    long shm = shmSize == 0 ? DEFAULT_SHM_SIZE : shmSize;
    List<OciSpec.Mount> all = List.of(
        mount("/proc", "proc", "proc", "nosuid", "noexec", "nodev"),
        mount("/dev", "tmpfs", "tmpfs", "nosuid", "strictatime", "mode=755", "size=65536k"),
        mount("/dev/pts", "devpts", "devpts", "nosuid", "noexec", "newinstance",
            "ptmxmode=0666", "mode=0620", "gid=5"),
        mount("/sys", "sysfs", "sysfs", "nosuid", "noexec", "nodev", privileged ? "rw" : "ro"),
        mount("/sys/fs/cgroup", "cgroup", "cgroup", privileged || writableCgroups ? "rw" : "ro",
            "nosuid", "noexec", "nodev"),
        mount("/dev/mqueue", "mqueue", "mqueue", "nosuid", "noexec", "nodev"),
        mount("/dev/shm", "tmpfs", "shm", "nosuid", "noexec", "nodev", "mode=1777",
            "size=" + shm));
    boolean userDev = userDestinations.contains("/dev");
    List<OciSpec.Mount> kept = new ArrayList<>();
    for (OciSpec.Mount m : all) {
      if (userDestinations.contains(m.destination())
          || userDev && m.destination().startsWith("/dev/")) {
        continue;
      }
      kept.add(m);
    }
    return kept;
  }

  private static OciSpec.Mount mount(String destination, String type, String source,
      String... options) {
    return new OciSpec.Mount(destination, type, source, List.of(options));
  }
}
