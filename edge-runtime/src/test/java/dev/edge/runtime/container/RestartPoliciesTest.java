package dev.edge.runtime.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edge.runtime.api.ApiException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RestartPoliciesTest {
  private static HostConfig.RestartPolicy p(String name, int max) {
    return new HostConfig.RestartPolicy(name, max);
  }

  @Test
  void policiesDecideAsDockerDoes() {
    assertFalse(RestartPolicies.shouldRestart(p("no", 0), 1, false, 0));
    assertTrue(RestartPolicies.shouldRestart(p("always", 0), 0, false, 5));
    assertFalse(RestartPolicies.shouldRestart(p("always", 0), 0, true, 0));
    assertTrue(RestartPolicies.shouldRestart(p("unless-stopped", 0), 0, false, 0));
    assertFalse(RestartPolicies.shouldRestart(p("on-failure", 0), 0, false, 0));
    assertTrue(RestartPolicies.shouldRestart(p("on-failure", 2), 3, false, 1));
    assertFalse(RestartPolicies.shouldRestart(p("on-failure", 2), 3, false, 2));
  }

  @Test
  void delaysDoubleAndResetAfterALongRun() {
    Duration first = RestartPolicies.delay(null, Duration.ZERO);
    assertEquals(Duration.ofMillis(100), first);
    assertEquals(Duration.ofMillis(200), RestartPolicies.delay(first, Duration.ofSeconds(1)));
    assertEquals(Duration.ofMillis(100), RestartPolicies.delay(Duration.ofSeconds(8),
        Duration.ofSeconds(11)));
    assertEquals(Duration.ofMinutes(1), RestartPolicies.delay(Duration.ofSeconds(50),
        Duration.ZERO));
  }

  @Test
  void badPoliciesAndRmWithRestartAreRefused() {
    HostConfig base = HostConfig.defaults();
    assertThrows(ApiException.class, () -> RestartPolicies.validate(withPolicy(base,
        p("sometimes", 0), false)));
    assertThrows(ApiException.class, () -> RestartPolicies.validate(withPolicy(base,
        p("always", 3), false)));
    ApiException rm = assertThrows(ApiException.class, () -> RestartPolicies.validate(
        withPolicy(base, p("always", 0), true)));
    assertTrue(rm.getMessage().contains("AutoRemove"));
    RestartPolicies.validate(withPolicy(base, p("on-failure", 3), false));
  }

  @Test
  void statusTextsReadAsDockers() {
    Instant now = Instant.parse("2026-11-23T10:10:00Z");
    ContainerState up = ContainerState.created().running(1, "2026-11-23T10:09:57Z");
    assertEquals("Up 3 seconds", ContainerViews.statusText(up, now));
    ContainerState exited = up.exited(3, "2026-11-23T10:08:00Z", false);
    assertEquals("Exited (3) 2 minutes ago", ContainerViews.statusText(exited, now));
    assertEquals("Created", ContainerViews.statusText(ContainerState.created(), now));
    assertEquals("About an hour", ContainerViews.human(Duration.ofMinutes(61)));
  }

  private static HostConfig withPolicy(HostConfig h, HostConfig.RestartPolicy p, boolean rm) {
    return new HostConfig(h.binds(), h.mounts(), h.tmpfs(), h.networkMode(), h.portBindings(),
        false, p, rm, h.devices(), h.groupAdd(), 0, 0, 0, 0, 0, 0, null, false, h.capAdd(),
        h.capDrop(), h.securityOpt(), false, h.dns(), h.dnsSearch(), h.extraHosts(), 0, null,
        null, null);
  }
}
