package dev.edge.runtime.spec;

import dev.edge.runtime.container.HostConfig;
import java.util.List;

/**
 * Memory, CPU and PIDs limits from {@code HostConfig}, checked as Docker checks them
 * ({@code verifyPlatformContainerResources}): contradictory values are errors; a limit the
 * host's cgroups cannot enforce is dropped with Docker's warning rather than failing.
 */
public final class ResourceLimits {
  /** Docker's floor for {@code --memory} since 20.10. */
  public static final long MIN_MEMORY = 6 * 1024 * 1024;
  /** The CFS period Docker uses to express {@code --cpus}, in microseconds. */
  public static final long NANO_CPU_PERIOD = 100_000;
  public static final long NANOS_PER_CPU = 1_000_000_000L;
  public static final long MIN_CFS = 1_000;
  public static final long MAX_CFS_PERIOD = 1_000_000;

  static final String NO_MEMORY = "Your kernel does not support memory limit capabilities or"
      + " the cgroup is not mounted. Limitation discarded.";
  static final String NO_SWAP = "Your kernel does not support swap limit capabilities or the"
      + " cgroup is not mounted. Memory limited without swap.";
  static final String NO_SHARES = "Your kernel does not support CPU shares or the cgroup is"
      + " not mounted. Shares discarded.";
  static final String NO_CFS_PERIOD = "Your kernel does not support CPU CFS scheduler. CPU"
      + " period discarded.";
  static final String NO_CFS_QUOTA = "Your kernel does not support CPU CFS scheduler. CPU"
      + " quota discarded.";
  static final String NO_PIDS = "Your kernel does not support PIDs limit capabilities or the"
      + " cgroup is not mounted. PIDs limit discarded.";

  private ResourceLimits() {}

  /** The memory, CPU and PIDs limits; {@code warnings} receives what was discarded. */
  public static OciSpec.Resources build(HostConfig hc, CgroupSupport cgroups, int cpus,
      List<OciSpec.DeviceRule> devices, List<String> warnings) {
    return new OciSpec.Resources(devices, memory(hc, cgroups, warnings),
        cpu(hc, cgroups, cpus, warnings), pids(hc, cgroups, warnings));
  }

  static OciSpec.Memory memory(HostConfig hc, CgroupSupport cgroups, List<String> warnings) {
    long memory = hc.memory();
    long swap = hc.memorySwap();
    if (memory < 0 || swap < -1) {
      throw new ContainerSpecException("invalid memory limit " + memory + " / memory+swap "
          + swap + ": limits must be positive, or -1 for unlimited swap");
    }
    if (memory > 0 && memory < MIN_MEMORY) {
      throw new ContainerSpecException("Minimum memory limit allowed is 6MB");
    }
    if (memory == 0 && swap > 0) {
      throw new ContainerSpecException("You should always set the Memory limit when using"
          + " Memoryswap limit, see usage");
    }
    if (memory > 0 && swap > 0 && swap < memory) {
      throw new ContainerSpecException("Minimum memoryswap limit should be larger than memory"
          + " limit, see usage");
    }
    if (memory == 0) {
      return null;
    }
    if (!cgroups.memory()) {
      warnings.add(NO_MEMORY);
      return null;
    }
    if (swap == 0) {
      swap = 2 * memory; // Docker's default: as much swap as memory
    }
    if (swap > 0 && !cgroups.swap()) {
      warnings.add(NO_SWAP);
      swap = -1;
    }
    return new OciSpec.Memory(memory, swap);
  }

  static OciSpec.Cpu cpu(HostConfig hc, CgroupSupport cgroups, int cpus,
      List<String> warnings) {
    long nano = hc.nanoCpus();
    long quota = hc.cpuQuota();
    long period = hc.cpuPeriod();
    long shares = hc.cpuShares();
    if (nano > 0 && period > 0) {
      throw new ContainerSpecException("Conflicting options: Nano CPUs and CPU Period cannot"
          + " both be set");
    }
    if (nano > 0 && quota > 0) {
      throw new ContainerSpecException("Conflicting options: Nano CPUs and CPU Quota cannot"
          + " both be set");
    }
    if (nano < 0 || nano > (long) cpus * NANOS_PER_CPU) {
      throw new ContainerSpecException("Range of CPUs is from 0.01 to " + cpus + ".00, as"
          + " there are only " + cpus + " CPUs available");
    }
    if (nano > 0 && !cgroups.cpuCfs()) {
      throw new ContainerSpecException("NanoCPUs can not be set, as your kernel does not"
          + " support CPU CFS scheduler or the cgroup is not mounted");
    }
    if (period != 0 && (period < MIN_CFS || period > MAX_CFS_PERIOD)) {
      throw new ContainerSpecException("CPU cfs period can not be less than 1ms (i.e. 1000)"
          + " or larger than 1s (i.e. 1000000)");
    }
    if (quota > 0 && quota < MIN_CFS) {
      throw new ContainerSpecException("CPU cfs quota can not be less than 1ms (i.e. 1000)");
    }
    if (shares < 0) {
      throw new ContainerSpecException("invalid CPU shares " + shares + ": must be positive");
    }
    if (shares > 0 && !cgroups.cpuShares()) {
      warnings.add(NO_SHARES);
      shares = 0;
    }
    if (period > 0 && !cgroups.cpuCfs()) {
      warnings.add(NO_CFS_PERIOD);
      period = 0;
    }
    if (quota > 0 && !cgroups.cpuCfs()) {
      warnings.add(NO_CFS_QUOTA);
      quota = 0;
    }
    if (nano > 0) {
      period = NANO_CPU_PERIOD;
      quota = nano * NANO_CPU_PERIOD / NANOS_PER_CPU;
    }
    if (shares == 0 && quota == 0 && period == 0) {
      return null;
    }
    return new OciSpec.Cpu(shares > 0 ? shares : null, quota != 0 ? quota : null,
        period > 0 ? period : null);
  }

  static OciSpec.Pids pids(HostConfig hc, CgroupSupport cgroups, List<String> warnings) {
    Long limit = hc.pidsLimit();
    if (limit == null) {
      return null;
    }
    if (!cgroups.pids()) {
      if (limit > 0) {
        warnings.add(NO_PIDS);
      }
      return null;
    }
    // Docker's API takes 0 and negatives as "unlimited"; the runtime spells that -1.
    return new OciSpec.Pids(limit > 0 ? limit : -1);
  }
}
