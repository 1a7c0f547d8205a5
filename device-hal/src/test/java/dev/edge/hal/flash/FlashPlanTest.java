package dev.edge.hal.flash;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlashPlanTest {
  private static final long FOUR_MB = 4 << 20;
  private final List<String> warnings = new ArrayList<>();

  private FlashPlan plan(FlashRegion... regions) throws FlashException {
    return FlashPlan.of("/dev/ttyUSB0", List.of(regions), FOUR_MB, 0x1000, warnings::add);
  }

  @Test
  void overlappingRegionsAreRefusedNamingBoth() {
    FlashException e = assertThrows(FlashException.class, () -> plan(
        new FlashRegion("a.bin@0x0", 0, new byte[0x2000]), new FlashRegion("b.bin@0x1000", 0x1000, new byte[16])));
    assertTrue(e.getMessage().contains("a.bin@0x0") && e.getMessage().contains("b.bin@0x1000")
        && e.getMessage().contains("overlap"), e.getMessage());
  }

  @Test
  void regionsSharingASectorAreRefused() {
    FlashException e = assertThrows(FlashException.class, () -> plan(
        new FlashRegion("a", 0, new byte[0x100]), new FlashRegion("b", 0x800, new byte[16])));
    assertTrue(e.getMessage().contains("share the flash sector at 0x0"), e.getMessage());
  }

  @Test
  void regionsPastTheEndOfTheFlashAreRefused() {
    FlashException e = assertThrows(FlashException.class,
        () -> plan(new FlashRegion("big.bin@0x3ff000", 0x3FF000, new byte[0x2000])));
    assertTrue(e.getMessage().contains("past the end of the 4MB flash"), e.getMessage());
  }

  @Test
  void unalignedRegionsStartOnTheSectorWithAWarningAndArePaddedToWords() throws Exception {
    FlashPlan p = plan(new FlashRegion("x", 0x1800, new byte[] {1, 2, 3}));
    FlashRegion r = p.regions().get(0);
    assertEquals(0x1000, r.address());
    assertEquals(0x804, r.data().length);
    assertEquals((byte) 0xFF, r.data()[0]);
    assertArrayEquals(new byte[] {1, 2, 3, (byte) 0xFF}, java.util.Arrays.copyOfRange(r.data(), 0x800, 0x804));
    assertEquals(1, warnings.size());
  }

  @Test
  void regionsAreSortedByAddress() throws Exception {
    FlashPlan p = plan(new FlashRegion("hi", 0x20000, new byte[4]), new FlashRegion("lo", 0, new byte[4]));
    assertEquals("lo", p.regions().get(0).label());
    assertEquals(8, p.totalBytes());
  }

  @Test
  void specsParseFileAndAddress(@TempDir Path dir) throws Exception {
    Path f = Files.write(dir.resolve("app.bin"), new byte[] {1, 2});
    FlashRegion r = FlashRegion.fromSpec(f + "@0x10000");
    assertEquals(0x10000, r.address());
    assertEquals("app.bin@0x10000", r.label());
    assertEquals(0, FlashRegion.fromSpec(f.toString()).address());
    assertEquals(4096, FlashRegion.fromSpec(f + "@4096").address());
    assertThrows(FlashException.class, () -> FlashRegion.fromSpec(f + "@zz"));
    assertThrows(FlashException.class, () -> FlashRegion.fromSpec(dir.resolve("missing.bin") + "@0"));
    Path empty = Files.write(dir.resolve("empty.bin"), new byte[0]);
    assertThrows(FlashException.class, () -> FlashRegion.fromSpec(empty + "@0"));
  }

  @Test
  void summaryLineLooksLikeEsptools() {
    RegionSummary s = new RegionSummary("a", 0x1000, 236544, java.time.Duration.ofMillis(24900),
        java.time.Duration.ofMillis(1930));
    assertEquals("Wrote 236544 bytes at 0x00001000 in 24.9 seconds (76.0 kbit/s)", s.esptoolLine());
  }
}
