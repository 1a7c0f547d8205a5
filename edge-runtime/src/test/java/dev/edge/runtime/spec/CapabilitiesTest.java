package dev.edge.runtime.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Docker's CapAdd/CapDrop/Privileged rules. */
class CapabilitiesTest {
  private static final int LAST_CAP = 40;

  @Test
  void noChangesGiveDockersFourteen() {
    List<String> caps = Capabilities.compute(List.of(), List.of(), false, LAST_CAP);
    assertEquals(14, caps.size());
    assertEquals(Capabilities.DOCKER_DEFAULT, caps);
  }

  @Test
  void addAndDropAcceptDockersSpellings() {
    List<String> caps = Capabilities.compute(List.of("net_admin", "CAP_SYS_PTRACE"),
        List.of("MKNOD", "cap_net_raw"), false, LAST_CAP);
    assertTrue(caps.containsAll(List.of("CAP_NET_ADMIN", "CAP_SYS_PTRACE", "CAP_CHOWN")));
    assertFalse(caps.contains("CAP_MKNOD"));
    assertFalse(caps.contains("CAP_NET_RAW"));
  }

  @Test
  void addAllKeepsEverythingButTheDrops() {
    List<String> caps = Capabilities.compute(List.of("ALL"), List.of("SYS_ADMIN"), false,
        LAST_CAP);
    assertEquals(40, caps.size());
    assertFalse(caps.contains("CAP_SYS_ADMIN"));
  }

  @Test
  void dropAllKeepsOnlyTheAdds() {
    assertEquals(List.of("CAP_CHOWN"),
        Capabilities.compute(List.of("chown"), List.of("all"), false, LAST_CAP));
  }

  @Test
  void privilegedGetsEveryCapabilityTheKernelHas() {
    assertEquals(41, Capabilities.compute(List.of(), List.of(), true, LAST_CAP).size());
    assertEquals(38, Capabilities.compute(List.of(), List.of(), true, 37).size());
  }

  @Test
  void anUnknownCapabilityIsRefused() {
    ContainerSpecException e = assertThrows(ContainerSpecException.class,
        () -> Capabilities.compute(List.of("FLY"), List.of(), false, LAST_CAP));
    assertEquals("unknown capability: \"CAP_FLY\"", e.getMessage());
  }
}
