package dev.edge.runtime.spec;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Docker's capability rules ({@code caps.TweakCapabilities}): the default set, changed by
 * {@code CapAdd}/{@code CapDrop} (either may say {@code ALL}), or every capability the kernel
 * has for a privileged container.
 */
public final class Capabilities {
  /** Docker's default set, in Docker's order. */
  public static final List<String> DOCKER_DEFAULT = List.of(
      "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW",
      "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE",
      "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE");
  /** Linux capabilities by number (linux/capability.h), 0 to 40. */
  public static final List<String> BY_NUMBER = List.of(
      "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID",
      "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE",
      "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW",
      "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT",
      "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE",
      "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
      "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE",
      "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ",
      "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE");
  private static final String ALL = "ALL";

  private Capabilities() {}

  /** Every capability up to the kernel's last ({@code /proc/sys/kernel/cap_last_cap}). */
  public static List<String> all(int lastCap) {
    return BY_NUMBER.subList(0, Math.min(lastCap, BY_NUMBER.size() - 1) + 1);
  }

  /**
   * The container's capability set.
   *
   * @throws ContainerSpecException for a name that is not a capability
   */
  public static List<String> compute(List<String> add, List<String> drop, boolean privileged,
      int lastCap) {
    if (privileged) {
      return all(lastCap);
    }
    if (add.isEmpty() && drop.isEmpty()) {
      return DOCKER_DEFAULT;
    }
    List<String> adds = normalize(add);
    List<String> drops = normalize(drop);
    Set<String> result = new LinkedHashSet<>();
    if (adds.contains(ALL)) {
      for (String c : all(lastCap)) {
        if (!drops.contains(c)) {
          result.add(c);
        }
      }
    } else if (drops.contains(ALL)) {
      result.addAll(adds);
    } else {
      for (String c : DOCKER_DEFAULT) {
        if (!drops.contains(c)) {
          result.add(c);
        }
      }
      result.addAll(adds);
    }
    return List.copyOf(result);
  }

  /** Upper case with the {@code CAP_} prefix, as Docker accepts {@code net_admin}. */
  static List<String> normalize(List<String> names) {
    List<String> out = new ArrayList<>();
    for (String raw : names) {
      String c = raw.strip().toUpperCase(Locale.ROOT);
      if (!c.equals(ALL) && !c.startsWith("CAP_")) {
        c = "CAP_" + c;
      }
      if (!c.equals(ALL) && !BY_NUMBER.contains(c)) {
        throw new ContainerSpecException("unknown capability: \"" + c + "\"");
      }
      out.add(c);
    }
    return out;
  }
}
