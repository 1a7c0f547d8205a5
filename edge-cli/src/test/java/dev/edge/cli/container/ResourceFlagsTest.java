package dev.edge.cli.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edge.runtime.container.HostConfig.RestartPolicy;
import org.junit.jupiter.api.Test;

/** --memory, --cpus and --restart as the docker CLI reads them. */
class ResourceFlagsTest {
  @Test
  void memorySizesUseBinaryUnits() {
    assertEquals(512, ByteSize.parse("-m, --memory", "512"));
    assertEquals(512, ByteSize.parse("-m, --memory", "512b"));
    assertEquals(64L * 1024, ByteSize.parse("-m, --memory", "64k"));
    assertEquals(64L * 1024, ByteSize.parse("-m, --memory", "64KiB"));
    assertEquals(256L * 1024 * 1024, ByteSize.parse("-m, --memory", "256m"));
    assertEquals(256L * 1024 * 1024, ByteSize.parse("-m, --memory", "256 MB"));
    assertEquals(1536L * 1024 * 1024, ByteSize.parse("-m, --memory", "1.5g"));
    assertEquals(2L << 40, ByteSize.parse("-m, --memory", "2T"));
  }

  @Test
  void badMemorySizesNameTheFlag() {
    for (String bad : new String[] {"", "-1", "12x", "1.2.3m", "m", "1 2m", "99999999999p"}) {
      BadFlagException e = assertThrows(BadFlagException.class,
          () -> ByteSize.parse("-m, --memory", bad), bad);
      assertTrue(e.getMessage().startsWith("invalid argument \"" + bad
          + "\" for \"-m, --memory\" flag"), e.getMessage());
    }
  }

  @Test
  void cpusAreExactNanoCpus() {
    assertEquals(1_500_000_000L, CpuCount.nanoCpus("1.5"));
    assertEquals(10_000_000L, CpuCount.nanoCpus("0.01"));
    assertEquals(2_000_000_000L, CpuCount.nanoCpus("2"));
    assertEquals(500_000_000L, CpuCount.nanoCpus("1/2"));
    assertEquals(1, CpuCount.nanoCpus("0.000000001"));
  }

  @Test
  void badCpuValuesAreRefused() {
    assertTrue(assertThrows(BadFlagException.class, () -> CpuCount.nanoCpus("0.0000000001"))
        .getMessage().contains("too precise"));
    assertTrue(assertThrows(BadFlagException.class, () -> CpuCount.nanoCpus("two"))
        .getMessage().contains("rational number"));
    assertTrue(assertThrows(BadFlagException.class, () -> CpuCount.nanoCpus("-1"))
        .getMessage().contains("negative"));
    assertThrows(BadFlagException.class, () -> CpuCount.nanoCpus("1/0"));
    assertThrows(BadFlagException.class, () -> CpuCount.nanoCpus("1/3"));
  }

  @Test
  void restartPolicies() {
    assertEquals(new RestartPolicy("no", 0), RestartPolicies.parse("no"));
    assertEquals(new RestartPolicy("always", 0), RestartPolicies.parse("always"));
    assertEquals(new RestartPolicy("unless-stopped", 0), RestartPolicies.parse("unless-stopped"));
    assertEquals(new RestartPolicy("on-failure", 0), RestartPolicies.parse("on-failure"));
    assertEquals(new RestartPolicy("on-failure", 5), RestartPolicies.parse("on-failure:5"));
  }

  @Test
  void badRestartPoliciesSayWhy() {
    String[][] cases = {{"sometimes", "unknown restart policy"},
        {"always:3", "only be used with on-failure"}, {"on-failure:x", "non-negative integer"},
        {"on-failure:-1", "non-negative integer"}, {":3", "no policy"}};
    for (String[] c : cases) {
      BadFlagException e = assertThrows(BadFlagException.class,
          () -> RestartPolicies.parse(c[0]));
      assertTrue(e.getMessage().contains("\"--restart\" flag") && e.getMessage().contains(c[1]),
          e.getMessage());
    }
  }
}
