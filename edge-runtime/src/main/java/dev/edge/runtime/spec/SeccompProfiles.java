package dev.edge.runtime.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * edge's default seccomp filter. Docker's default profile is an allow-list of some 350 system
 * calls; this is its complement, kept short: the calls that profile withholds from a container
 * that lacks the capability unlocking them, refused with EPERM. New namespaces through
 * {@code clone} are refused by flag, and {@code clone3} (whose flags a filter cannot read) says
 * ENOSYS so that libc falls back to {@code clone}, as Docker does.
 */
public final class SeccompProfiles {
  public static final int EPERM = 1;
  public static final int ENOSYS = 38;
  /** CLONE_NEWNS, NEWCGROUP, NEWUTS, NEWIPC, NEWUSER, NEWPID, NEWNET (linux/sched.h). */
  static final long[] CLONE_NAMESPACE_FLAGS = {
      0x00020000L, 0x02000000L, 0x04000000L, 0x08000000L, 0x10000000L, 0x20000000L,
      0x40000000L};
  /** Calls refused whatever the capabilities: key management, obsolete and legacy calls. */
  static final List<String> ALWAYS_REFUSED = List.of("add_key", "keyctl", "request_key",
      "nfsservctl", "sysfs", "_sysctl", "uselib", "ustat", "vm86", "vm86old");
  /** Calls refused unless the container holds the capability, per Docker's profile. */
  static final Map<String, List<String>> REFUSED_WITHOUT = refusedWithout();

  private SeccompProfiles() {}

  private static Map<String, List<String>> refusedWithout() {
    Map<String, List<String>> m = new LinkedHashMap<>();
    m.put("CAP_SYS_ADMIN", List.of("bpf", "fanotify_init", "fsconfig", "fsmount", "fsopen",
        "fspick", "lookup_dcookie", "mount", "mount_setattr", "move_mount",
        "name_to_handle_at", "open_tree", "perf_event_open", "pivot_root", "quotactl",
        "quotactl_fd", "setns", "swapoff", "swapon", "umount", "umount2", "unshare"));
    m.put("CAP_SYS_BOOT", List.of("kexec_file_load", "kexec_load", "reboot"));
    m.put("CAP_SYS_MODULE", List.of("create_module", "delete_module", "finit_module",
        "get_kernel_syms", "init_module", "query_module"));
    m.put("CAP_SYS_NICE", List.of("get_mempolicy", "mbind", "set_mempolicy"));
    m.put("CAP_SYS_PACCT", List.of("acct"));
    m.put("CAP_SYS_PTRACE", List.of("userfaultfd"));
    m.put("CAP_SYS_RAWIO", List.of("ioperm", "iopl"));
    m.put("CAP_SYS_TIME", List.of("clock_adjtime", "clock_adjtime64", "clock_settime",
        "clock_settime64", "settimeofday", "stime"));
    m.put("CAP_SYS_TTY_CONFIG", List.of("vhangup"));
    m.put("CAP_SYSLOG", List.of("syslog"));
    m.put("CAP_DAC_READ_SEARCH", List.of("open_by_handle_at"));
    return m;
  }

  /** The filter for a container holding {@code capabilities}, on a CPU Go calls {@code goArch}. */
  public static OciSpec.Seccomp defaultProfile(List<String> capabilities, String goArch) {
    List<String> refused = new ArrayList<>(ALWAYS_REFUSED);
    REFUSED_WITHOUT.forEach((cap, calls) -> {
      if (!capabilities.contains(cap)) {
        refused.addAll(calls);
      }
    });
    List<OciSpec.SyscallRule> rules = new ArrayList<>();
    rules.add(new OciSpec.SyscallRule(refused, "SCMP_ACT_ERRNO", EPERM, null));
    if (!capabilities.contains("CAP_SYS_ADMIN")) {
      for (long flag : CLONE_NAMESPACE_FLAGS) {
        rules.add(new OciSpec.SyscallRule(List.of("clone"), "SCMP_ACT_ERRNO", EPERM,
            List.of(new OciSpec.SyscallArg(0, flag, flag, "SCMP_CMP_MASKED_EQ"))));
      }
      rules.add(new OciSpec.SyscallRule(List.of("clone3"), "SCMP_ACT_ERRNO", ENOSYS, null));
    }
    return new OciSpec.Seccomp("SCMP_ACT_ALLOW", architectures(goArch), rules);
  }

  /** The ABIs a process of this CPU can call the kernel through, as Docker lists them. */
  static List<String> architectures(String goArch) {
    return switch (goArch) {
      case "amd64" -> List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32");
      case "arm64" -> List.of("SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM");
      case "arm" -> List.of("SCMP_ARCH_ARM");
      default -> List.of();
    };
  }
}
