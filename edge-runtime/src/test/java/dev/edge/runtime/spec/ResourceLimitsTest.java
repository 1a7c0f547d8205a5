package dev.edge.runtime.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.edge.runtime.container.HostConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Docker's checks and warnings for memory, CPU and PIDs limits, on capable and bare hosts. */
class ResourceLimitsTest {
  static final CgroupSupport FULL = new CgroupSupport(1, true, true, true, true, true);
  static final CgroupSupport BARE = new CgroupSupport(1, false, false, false, false, false);
  static final CgroupSupport NO_SWAP = new CgroupSupport(2, true, false, true, true, true);
  private final List<String> warnings = new ArrayList<>();

  static HostConfig limits(long memory, long swap, long nanoCpus, long quota, long period,
      long shares, Long pids) {
    return new HostConfig(null, null, null, null, null, false, null, false, null, null, memory,
        swap, nanoCpus, quota, period, shares, pids, false, null, null, null, false, null, null,
        null, 0, null, null, null);
  }

  private OciSpec.Resources build(HostConfig hc, CgroupSupport cg) {
    return ResourceLimits.build(hc, cg, 2, List.of(), warnings);
  }

  @Test
  void memoryAloneGetsAsMuchSwapAgainAsDockerGivesIt() {
    OciSpec.Resources r = build(limits(64 << 20, 0, 0, 0, 0, 0, null), FULL);
    assertEquals(new OciSpec.Memory(64L << 20, 128L << 20), r.memory());
    assertEquals(List.of(), warnings);
  }

  @Test
  void memorySwapMinusOneIsUnlimitedSwap() {
    assertEquals(new OciSpec.Memory(64L << 20, -1L),
        build(limits(64 << 20, -1, 0, 0, 0, 0, null), FULL).memory());
  }

  @Test
  void withoutSwapAccountingMemoryIsLimitedAndSwapIsNotWithDockersWarning() {
    OciSpec.Resources r = build(limits(64 << 20, 0, 0, 0, 0, 0, null), NO_SWAP);
    assertEquals(new OciSpec.Memory(64L << 20, -1L), r.memory());
    assertEquals(List.of("Your kernel does not support swap limit capabilities or the cgroup"
        + " is not mounted. Memory limited without swap."), warnings);
  }

  @Test
  void withoutAnyControllerEveryLimitIsDroppedWithItsWarning() {
    OciSpec.Resources r = build(limits(64 << 20, 0, 0, 50_000, 100_000, 512, 10L), BARE);
    assertNull(r.memory());
    assertNull(r.cpu());
    assertNull(r.pids());
    assertEquals(List.of(ResourceLimits.NO_MEMORY, ResourceLimits.NO_SHARES,
        ResourceLimits.NO_CFS_PERIOD, ResourceLimits.NO_CFS_QUOTA, ResourceLimits.NO_PIDS),
        warnings);
    assertEquals("Your kernel does not support memory limit capabilities or the cgroup is not"
        + " mounted. Limitation discarded.", warnings.get(0));
  }

  @Test
  void nanoCpusBecomeAQuotaOverDockersPeriod() {
    OciSpec.Cpu cpu = build(limits(0, 0, 1_500_000_000L, 0, 0, 0, null), FULL).cpu();
    assertEquals(new OciSpec.Cpu(null, 150_000L, 100_000L), cpu);
  }

  @Test
  void quotaPeriodAndSharesPassThrough() {
    assertEquals(new OciSpec.Cpu(512L, 25_000L, 50_000L),
        build(limits(0, 0, 0, 25_000, 50_000, 512, null), FULL).cpu());
    assertNull(build(limits(0, 0, 0, 0, 0, 0, null), FULL).cpu());
  }

  @Test
  void pidsLimitPassesAndZeroOrLessMeansUnlimited() {
    assertEquals(new OciSpec.Pids(64), build(limits(0, 0, 0, 0, 0, 0, 64L), FULL).pids());
    assertEquals(new OciSpec.Pids(-1), build(limits(0, 0, 0, 0, 0, 0, 0L), FULL).pids());
    assertNull(build(limits(0, 0, 0, 0, 0, 0, null), FULL).pids());
  }

  @Test
  void contradictoryLimitsAreRefusedInDockersWords() {
    assertMessage("Minimum memory limit allowed is 6MB", limits(1 << 20, 0, 0, 0, 0, 0, null));
    assertMessage("Minimum memoryswap limit should be larger than memory limit, see usage",
        limits(64 << 20, 32 << 20, 0, 0, 0, 0, null));
    assertMessage("You should always set the Memory limit when using Memoryswap limit, see"
        + " usage", limits(0, 64 << 20, 0, 0, 0, 0, null));
    assertMessage("Conflicting options: Nano CPUs and CPU Period cannot both be set",
        limits(0, 0, 1_000_000_000L, 0, 100_000, 0, null));
    assertMessage("Conflicting options: Nano CPUs and CPU Quota cannot both be set",
        limits(0, 0, 1_000_000_000L, 50_000, 0, 0, null));
    assertMessage("Range of CPUs is from 0.01 to 2.00, as there are only 2 CPUs available",
        limits(0, 0, 3_000_000_000L, 0, 0, 0, null));
    assertMessage("CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e."
        + " 1000000)", limits(0, 0, 0, 0, 999, 0, null));
    assertMessage("CPU cfs quota can not be less than 1ms (i.e. 1000)",
        limits(0, 0, 0, 999, 0, 0, null));
  }

  @Test
  void cpusCannotBeHonouredWithoutCfsSoTheyAreAnError() {
    ContainerSpecException e = assertThrows(ContainerSpecException.class,
        () -> build(limits(0, 0, 1_000_000_000L, 0, 0, 0, null), BARE));
    assertEquals("NanoCPUs can not be set, as your kernel does not support CPU CFS scheduler"
        + " or the cgroup is not mounted", e.getMessage());
  }

  private void assertMessage(String expected, HostConfig hc) {
    assertEquals(expected, assertThrows(ContainerSpecException.class,
        () -> build(hc, FULL)).getMessage());
  }
}
