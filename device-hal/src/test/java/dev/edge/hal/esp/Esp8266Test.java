package dev.edge.hal.esp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class Esp8266Test {
  private final Esp8266 chip = Esp8266.INSTANCE;

  @Test
  void eraseSizeMatchesTheEsptoolCkLog() {
    // a01-upload-failed.rst: 0x37440 bytes at 0: 56 sectors, head 16, adjusted 40, erase_size 0x28000
    assertEquals(0x28000, chip.romEraseSize(0, 0x37440));
  }

  @Test
  void eraseSizeHalvesShortRegionsInsideTheFirstBlock() {
    assertEquals(2 * 0x1000, chip.romEraseSize(0x3000, 0x3000)); // 3 sectors, head 13: (3+1)/2
    assertEquals(0x1000, chip.romEraseSize(0xF000, 0x1000));     // 1 sector at the last one of a block
    assertEquals(0, chip.romEraseSize(0, 0));
  }

  @Test
  void eraseSizeSubtractsTheHeadForLongRegions() {
    assertEquals((58 - 15) * 0x1000, chip.romEraseSize(0x1000, 236544)); // esptool#380's write
  }

  @Test
  void macAndChipIdFollowEsptool() throws Exception {
    long w0 = 0xC3000000L;
    long w1 = 0x0000A1B2L;
    assertEquals("18:fe:34:a1:b2:c3", Esp8266.mac(w0, w1, 0));
    assertEquals("ac:d0:74:a1:b2:c3", Esp8266.mac(w0, w1 | 0x10000, 0));
    assertEquals("5c:cf:7f:a1:b2:c3", Esp8266.mac(w0, w1, 0x5CCF7F));
    assertEquals(0xA1B2C3L, Esp8266.chipId(w0, w1));
    assertThrows(ChipDetectionException.class, () -> Esp8266.mac(w0, w1 | 0x20000, 0));
  }

  @Test
  void perMegabyteTimeoutsNeverGoBelowTheDefault() {
    assertEquals(LoaderTimeouts.DEFAULT, LoaderTimeouts.perMegabyte(LoaderTimeouts.ERASE_WRITE_PER_MB, 1024));
    assertEquals(40_000, LoaderTimeouts.perMegabyte(LoaderTimeouts.ERASE_REGION_PER_MB, 1_000_000).toMillis());
    assertEquals(LoaderTimeouts.MAX, LoaderTimeouts.perMegabyte(LoaderTimeouts.ERASE_REGION_PER_MB, 16_000_000));
  }
}
