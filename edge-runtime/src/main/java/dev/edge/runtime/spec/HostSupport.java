package dev.edge.runtime.spec;

import dev.edge.runtime.system.HostFacts;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the host offers containers, read once by the daemon: cgroup limits, the kernel's last
 * capability, the highest open-file limit the daemon can grant, CPUs, AppArmor, and the files a
 * container's
 * {@code /etc/hosts} and {@code /etc/resolv.conf} start from.
 */
public record HostSupport(
    CgroupSupport cgroups,
    int lastCap,
    long nofileCeiling,
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
  static final int CAP_SYS_RESOURCE = 24;

  public static HostSupport detect() {
    HostFacts facts = HostFacts.read();
    return new HostSupport(CgroupSupport.detect(),
        (int) readLong(Path.of("/proc/sys/kernel/cap_last_cap"), FALLBACK_LAST_CAP),
        nofileCeiling(readLong(Path.of("/proc/sys/fs/nr_open"), DEFAULT_NOFILE)),
        facts.cpus(), facts.goArch(),
        "Y".equals(readString(Path.of("/sys/module/apparmor/parameters/enabled"))),
        facts.hostname(), Path.of("/etc/hosts"), ResolvConf.hostFile());
  }

  /** RLIMIT_NOFILE as Docker's containers get it, within what the daemon may grant. */
  public long nofile() {
    return Math.min(DEFAULT_NOFILE, nofileCeiling);
  }

  /**
   * The kernel's {@code nr_open}, or the daemon's own hard limit when it lacks
   * CAP_SYS_RESOURCE (a sandboxed daemon): the runtime could not raise the limit further and
   * the container would not start.
   */
  static long nofileCeiling(long nrOpen) {
    if (hasCapability(Path.of("/proc/self/status"), CAP_SYS_RESOURCE)) {
      return nrOpen;
    }
    return Math.min(nrOpen, ownHardNofile(Path.of("/proc/self/limits"), nrOpen));
  }

  static boolean hasCapability(Path status, int cap) {
    for (String line : readString(status).split("\n")) {
      if (line.startsWith("CapEff:")) {
        long bits = Long.parseUnsignedLong(line.substring("CapEff:".length()).strip(), 16);
        return (bits & (1L << cap)) != 0;
      }
    }
    return false;
  }

  /** "Max open files  SOFT  HARD  files" from /proc/self/limits. */
  static long ownHardNofile(Path limits, long fallback) {
    for (String line : readString(limits).split("\n")) {
      if (line.startsWith("Max open files")) {
        String[] f = line.substring("Max open files".length()).strip().split("\s+");
        return f.length >= 2 && !f[1].equals("unlimited") ? Long.parseLong(f[1]) : fallback;
      }
    }
    return fallback;
  }

  private static long readLong(Path p, long fallback) {
    try {
      return Long.parseLong(readString(p));
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  /**
   * One read with a large buffer: numeric sysctls (proc_dointvec) answer only a read at offset
   * 0, so {@code Files.readString}, which starts with a tiny read for a file of size 0, gets
   * "4" from cap_last_cap's "40".
   */
  static String readString(Path p) {
    try (InputStream in = Files.newInputStream(p)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      return "";
    }
  }
}
