package dev.edge.hal.image;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Esp8266ImageReaderTest {

  private static byte[] twoSegmentImage() {
    return Esp8266ImageWriter.toBytes(new Esp8266Image(FlashMode.QIO, FlashSize.SIZE_1MB, FlashFrequency.FREQ_40M,
        0x40100004L, List.of(new ImageSegment(0x3FFE8000L, new byte[] {1, 2, 3, 4}),
            new ImageSegment(0x40100000L, new byte[] {5, 6, 7, 8, 9, 10, 11, 12}))));
  }

  private static String failure(byte[] bytes) {
    return assertThrows(ImageFormatException.class, () -> Esp8266ImageReader.parse(bytes, "fw.bin")).getMessage();
  }

  @Test
  void readsHeaderFieldsAndSegmentFileOffsets() throws Exception {
    LoadedImage loaded = Esp8266ImageReader.parse(twoSegmentImage(), "fw.bin");
    Esp8266Image image = loaded.image();
    assertEquals(FlashMode.QIO, image.flashMode().orElseThrow());
    assertEquals(FlashSize.SIZE_1MB, image.flashSize().orElseThrow());
    assertEquals(FlashFrequency.FREQ_40M, image.flashFrequency().orElseThrow());
    assertEquals(0x40100004L, image.entryPoint());
    assertEquals(8, image.segments().get(0).fileOffset().orElseThrow());
    assertEquals(20, image.segments().get(1).fileOffset().orElseThrow());
    assertEquals(List.of("DRAM"), image.segments().get(0).memoryTypes());
    assertEquals(List.of("IRAM"), image.segments().get(1).memoryTypes());
    assertTrue(loaded.checksumValid());
  }

  @Test
  void refusesBadMagicNamingTheFileAndTheByte() {
    byte[] b = twoSegmentImage();
    b[0] = 0x12;
    assertEquals("fw.bin: invalid image magic 0x12, expected 0xe9", failure(b));
    b[0] = (byte) 0xEA;
    assertTrue(failure(b).contains("v2 image"));
    b[0] = 0x7F;
    assertTrue(failure(b).contains("looks like an ELF"));
    assertEquals("fw.bin: image is empty", failure(new byte[0]));
  }

  @Test
  void refusesATruncatedHeader() {
    assertEquals("fw.bin: truncated header: 5 bytes, need 8", failure(Arrays.copyOf(twoSegmentImage(), 5)));
  }

  @Test
  void refusesATruncatedSegmentNamingItsOffset() {
    byte[] b = twoSegmentImage();
    assertEquals("fw.bin: truncated segment 1 at offset 0x14 (load 0x40100000): length 0x8, only 0x4 bytes left",
        failure(Arrays.copyOf(b, 32)));
    assertEquals("fw.bin: truncated segment 1 header at offset 0x14: file ends at 0x18",
        failure(Arrays.copyOf(b, 24)));
  }

  @Test
  void refusesAbsurdSegmentCountsAndLengths() {
    byte[] b = twoSegmentImage();
    b[1] = (byte) 200;
    assertTrue(failure(b).startsWith("fw.bin: invalid segment count 200 (max 16)"));
    byte[] c = twoSegmentImage();
    c[15] = (byte) 0xFF; // length of segment 0 = 0xFF000004
    assertTrue(failure(c).contains("segment 0 at offset 0x8 (load 0x3ffe8000) claims 0xff000004 bytes"));
  }

  @Test
  void refusesAnImageWhoseChecksumByteIsMissing() {
    byte[] b = twoSegmentImage();
    assertEquals("fw.bin: truncated image: the checksum byte belongs at offset 0x2f, file ends at 0x2f",
        failure(Arrays.copyOf(b, b.length - 1)));
  }

  @Test
  void acceptsBytesAfterTheImageAndCountsThem() throws Exception {
    byte[] b = twoSegmentImage();
    byte[] withTail = Arrays.copyOf(b, b.length + 100);
    LoadedImage loaded = Esp8266ImageReader.parse(withTail, "fw.bin");
    assertEquals(b.length, loaded.imageLength());
    assertEquals(100, loaded.trailingBytes());
  }

  @Test
  void reportsAWrongChecksumWithoutRefusingToParse() throws Exception {
    byte[] b = twoSegmentImage();
    b[b.length - 1] ^= 0x55;
    LoadedImage loaded = Esp8266ImageReader.parse(b, "fw.bin");
    assertFalse(loaded.checksumValid());
  }
}
