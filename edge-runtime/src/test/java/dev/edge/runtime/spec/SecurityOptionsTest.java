package dev.edge.runtime.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --security-opt} values as Docker parses them, no-new-privileges on by default. */
class SecurityOptionsTest {
  @Test
  void noNewPrivilegesIsOnUnlessTurnedOff() {
    assertTrue(SecurityOptions.parse(List.of()).noNewPrivileges());
    assertFalse(SecurityOptions.parse(List.of("no-new-privileges=false")).noNewPrivileges());
    assertFalse(SecurityOptions.parse(List.of("no-new-privileges:false")).noNewPrivileges());
    assertTrue(SecurityOptions.parse(List.of("no-new-privileges")).noNewPrivileges());
  }

  @Test
  void seccompUnconfinedAndApparmorAreRead() {
    SecurityOptions o = SecurityOptions.parse(List.of("seccomp=unconfined", "apparmor=mine",
        "label=disable"));
    assertTrue(o.seccompUnconfined());
    assertEquals("mine", o.apparmorProfile());
  }

  @Test
  void aCustomSeccompProfileIsRefusedClearly() {
    ContainerSpecException e = assertThrows(ContainerSpecException.class,
        () -> SecurityOptions.parse(List.of("seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\"}")));
    assertTrue(e.getMessage().contains("only seccomp=unconfined"), e.getMessage());
  }

  @Test
  void unknownOptionsAndBadBooleansUseDockersWords() {
    assertEquals("invalid --security-opt 1: \"bogus\"", assertThrows(
        ContainerSpecException.class, () -> SecurityOptions.parse(List.of("bogus")))
        .getMessage());
    assertEquals("invalid --security-opt 2: \"foo=bar\"", assertThrows(
        ContainerSpecException.class, () -> SecurityOptions.parse(List.of("foo=bar")))
        .getMessage());
    assertThrows(ContainerSpecException.class,
        () -> SecurityOptions.parse(List.of("no-new-privileges=maybe")));
  }
}
