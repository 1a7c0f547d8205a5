package dev.edge.cli.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class UnitsTest {
  @Test
  void decimalSizesUseThreeSignificantDigitsLikeDocker() {
    assertEquals("0B", Units.size(0));
    assertEquals("999B", Units.size(999));
    assertEquals("4.26MB", Units.size(4_261_234));
    assertEquals("1GB", Units.size(1_000_000_000));
  }

  @Test
  void binarySizesForMemory() {
    assertEquals("23.54GiB", Units.binarySize(25_275_555_840L));
  }
}
