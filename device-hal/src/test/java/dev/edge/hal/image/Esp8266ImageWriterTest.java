package dev.edge.hal.image;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class Esp8266ImageWriterTest {

  private static final HexFormat HEX = HexFormat.of();

  @Test
  void writesHeaderSegmentsPaddingAndChecksumByteForByte() {
    Esp8266Image image = new Esp8266Image(FlashMode.DIO, FlashSize.SIZE_4MB, FlashFrequency.FREQ_80M, 0x40100004L,
        List.of(new ImageSegment(0x3FFE8000L, new byte[] {1, 2, 3, 4})));
    // 0xEF ^ 1 ^ 2 ^ 3 ^ 4 = 0xEB, in the last byte of the 32-byte file
    String expected = "e901024f04001040" + "0080fe3f04000000" + "01020304"
        + "0000000000000000000000" + "eb";
    assertEquals(expected, HEX.formatHex(Esp8266ImageWriter.toBytes(image)));
  }

  @Test
  void imageWithoutSegmentsIsAHeaderAndTheSeedChecksum() {
    Esp8266Image image = new Esp8266Image(0, 0x20, 0, List.of());
    byte[] bytes = Esp8266ImageWriter.toBytes(image);
    assertEquals(16, bytes.length);
    assertEquals("e900002000000000" + "00000000000000ef", HEX.formatHex(bytes));
  }

  @Test
  void checksumIsAlwaysTheLastByteOfA16ByteBlock() {
    for (int len = 0; len <= 40; len++) {
      byte[] data = new byte[len];
      new Random(len).nextBytes(data);
      Esp8266Image image = new Esp8266Image(0, 0, 0, List.of(new ImageSegment(0x40100000L, data)));
      byte[] bytes = Esp8266ImageWriter.toBytes(image);
      int end = 16 + len;
      // esptool: seek (15 - pos % 16) forward, then write the checksum
      assertEquals(end + 15 - end % 16 + 1, bytes.length, "segment length " + len);
      assertEquals(0, bytes.length % 16);
      assertEquals((byte) image.computedChecksum(), bytes[bytes.length - 1]);
      assertEquals(bytes.length, image.serializedLength());
    }
  }

  @Test
  void refusesMoreThanSixteenSegments() {
    List<ImageSegment> many = java.util.stream.IntStream.range(0, 17)
        .mapToObj(i -> new ImageSegment(0x40100000L + 8L * i, new byte[4])).toList();
    assertThrows(IllegalArgumentException.class, () -> new Esp8266Image(0, 0, 0, many));
  }

  @Test
  void roundTripsThroughTheReader() throws Exception {
    Random random = new Random(42);
    for (int n = 0; n < 200; n++) {
      int count = random.nextInt(Esp8266Image.MAX_SEGMENTS + 1);
      List<ImageSegment> segments = new java.util.ArrayList<>();
      for (int i = 0; i < count; i++) {
        byte[] data = new byte[random.nextInt(300)];
        random.nextBytes(data);
        segments.add(new ImageSegment(random.nextLong() & 0xFFFFFFFFL, data));
      }
      Esp8266Image image = new Esp8266Image(random.nextInt(256), random.nextInt(256),
          random.nextLong() & 0xFFFFFFFFL, segments);
      byte[] bytes = Esp8266ImageWriter.toBytes(image);
      LoadedImage loaded = Esp8266ImageReader.parse(bytes, "rt.bin");
      assertEquals(image, loaded.image());
      assertEquals(bytes.length, loaded.imageLength());
      assertEquals(0, loaded.trailingBytes());
      assertEquals(true, loaded.checksumValid());
      assertArrayEquals(bytes, Esp8266ImageWriter.toBytes(loaded.image()));
    }
  }
}
