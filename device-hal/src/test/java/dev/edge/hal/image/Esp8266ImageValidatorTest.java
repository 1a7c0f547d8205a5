package dev.edge.hal.image;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class Esp8266ImageValidatorTest {

  private static byte[] image() {
    return Esp8266ImageWriter.toBytes(new Esp8266Image(0, 0x20, 0x40100004L,
        List.of(new ImageSegment(0x40100000L, new byte[] {0x10, 0x20, 0x30, 0x40}))));
  }

  @Test
  void acceptsASoundImage() throws Exception {
    assertEquals(0x40100004L, Esp8266ImageValidator.validate(image(), "app.bin").image().entryPoint());
  }

  @Test
  void refusesAFlippedDataBitWithExpectedAndActualChecksum() {
    byte[] b = image();
    b[16] ^= 0x01; // first data byte
    ImageFormatException e = assertThrows(ImageFormatException.class,
        () -> Esp8266ImageValidator.validate(b, "app.bin"));
    // 0xEF ^ 0x10 ^ 0x20 ^ 0x30 ^ 0x40 = 0xAF is stored; with 0x11 the data gives 0xAE
    assertEquals("app.bin: checksum mismatch: expected 0xae (computed over the segment data), actual 0xaf "
        + "stored at offset 0x1f; the image is corrupt", e.getMessage());
  }

  @Test
  void refusesWhatTheReaderRefuses() {
    assertThrows(ImageFormatException.class, () -> Esp8266ImageValidator.validate(new byte[] {1, 2}, "x.bin"));
  }
}
