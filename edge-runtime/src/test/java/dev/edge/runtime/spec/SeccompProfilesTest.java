package dev.edge.runtime.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The deny-list filter relaxes exactly where the container holds the unlocking capability. */
class SeccompProfilesTest {
  private static List<String> refused(OciSpec.Seccomp s) {
    return s.syscalls().get(0).names();
  }

  @Test
  void theDefaultSetRefusesNamespacesMountsKeysAndModules() {
    OciSpec.Seccomp s = SeccompProfiles.defaultProfile(Capabilities.DOCKER_DEFAULT, "amd64");
    assertEquals("SCMP_ACT_ALLOW", s.defaultAction());
    assertEquals(List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"),
        s.architectures());
    assertTrue(refused(s).containsAll(List.of("unshare", "setns", "mount", "keyctl",
        "init_module", "reboot", "bpf", "userfaultfd")));
    assertEquals(SeccompProfiles.EPERM, s.syscalls().get(0).errnoRet());
    long cloneRules = s.syscalls().stream().filter(r -> r.names().equals(List.of("clone")))
        .count();
    assertEquals(7, cloneRules);
    OciSpec.SyscallRule clone3 = s.syscalls().get(s.syscalls().size() - 1);
    assertEquals(List.of("clone3"), clone3.names());
    assertEquals(SeccompProfiles.ENOSYS, clone3.errnoRet());
  }

  @Test
  void sysAdminUnlocksMountsAndNamespaces() {
    OciSpec.Seccomp s = SeccompProfiles.defaultProfile(List.of("CAP_SYS_ADMIN"), "arm64");
    assertFalse(refused(s).contains("mount"));
    assertFalse(refused(s).contains("unshare"));
    assertTrue(refused(s).contains("keyctl"));
    assertEquals(1, s.syscalls().size());
    assertEquals(List.of("SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM"), s.architectures());
  }

  @Test
  void otherCapabilitiesUnlockTheirOwnCalls() {
    OciSpec.Seccomp s = SeccompProfiles.defaultProfile(List.of("CAP_SYS_TIME",
        "CAP_SYS_PTRACE"), "arm");
    assertFalse(refused(s).contains("settimeofday"));
    assertFalse(refused(s).contains("userfaultfd"));
    assertTrue(refused(s).contains("reboot"));
  }
}
