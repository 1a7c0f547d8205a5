package dev.edge.runtime.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the host offers, read from /proc as the kernel writes it. */
class HostSupportTest {
  @TempDir Path dir;

  @Test
  void numericSysctlsAreReadWhole() {
    // cap_last_cap is two digits on any kernel since 3.x; a short read would give one.
    assertTrue(HostSupport.detect().lastCap() >= 36);
    assertTrue(HostSupport.readString(Path.of("/proc/sys/fs/nr_open")).length() > 1);
  }

  @Test
  void withoutSysResourceTheDaemonsOwnHardLimitIsTheCeiling() throws IOException {
    Path limits = Files.writeString(dir.resolve("limits"), """
        Limit                     Soft Limit           Hard Limit           Units
        Max open files            1024                 20000                files
        """);
    assertEquals(20000, HostSupport.ownHardNofile(limits, 1 << 20));
    Path unlimited = Files.writeString(dir.resolve("unlimited"),
        "Max open files            unlimited            unlimited            files\n");
    assertEquals(1 << 20, HostSupport.ownHardNofile(unlimited, 1 << 20));
    Path status = Files.writeString(dir.resolve("status"), "CapEff:\t000001fffeffffff\n");
    assertFalse(HostSupport.hasCapability(status, HostSupport.CAP_SYS_RESOURCE));
    assertTrue(HostSupport.hasCapability(status, 21));
  }
}
