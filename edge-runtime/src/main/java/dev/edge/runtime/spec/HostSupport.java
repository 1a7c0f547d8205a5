package dev.edge.runtime.spec;

import dev.edge.runtime.system.HostFacts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the host offers containers, read once by the daemon: cgroup limits, the kernel's last
 * capability and open-file ceiling, CPUs, AppArmor, and the files a container's
 * {@code /etc/hosts} and {@code /etc/resolv.conf} start from.
 */
public record HostSupport(
    CgroupSupport cgroups,
    int lastCap,
    long nrOpen,
    int cpus,
    String goArch,
    boolean apparmor,
    String hostname,
    Path hostsFile,
    Path resolvConf) {
  /** Docker's open-file limit for containers (containerd's LimitNOFILE=infinity). */
  public static final long DEFAULT_NOFILE = 1_048_576;
  /** CAP_CHECKPOINT_RESTORE, for a kernel that does not say. */
  public static final int FALLBACK_LAST_CAP = 40;

  public static HostSupport detect() {
    HostFacts facts = HostFacts.read();
    return new HostSupport(CgroupSupport.detect(),
        (int) readLong(Path.of("/proc/sys/kernel/cap_last_cap"), FALLBACK_LAST_CAP),
        readLong(Path.of("/proc/sys/fs/nr_open"), DEFAULT_NOFILE),
        facts.cpus(), facts.goArch(),
        "Y".equals(readString(Path.of("/sys/module/apparmor/parameters/enabled"))),
        facts.hostname(), Path.of("/etc/hosts"), ResolvConf.hostFile());
  }

  /** RLIMIT_NOFILE as Docker's containers get it, within what the kernel allows. */
  public long nofile() {
    return Math.min(DEFAULT_NOFILE, nrOpen);
  }

  private static long readLong(Path p, long fallback) {
    try {
      return Long.parseLong(readString(p));
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  private static String readString(Path p) {
    try {
      return Files.readString(p).strip();
    } catch (IOException e) {
      return "";
    }
  }
}
