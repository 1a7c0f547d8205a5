package dev.edge.hal.image;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FlashHeaderPatcherTest {

  private static byte[] imageWithTail() {
    byte[] image = Esp8266ImageWriter.toBytes(new Esp8266Image(FlashMode.QIO, FlashSize.SIZE_1MB,
        FlashFrequency.FREQ_40M, 0x40100004L, List.of(new ImageSegment(0x40100000L, new byte[8]))));
    byte[] withTail = Arrays.copyOf(image, image.length + 4);
    Arrays.fill(withTail, image.length, withTail.length, (byte) 0xAA);
    return withTail;
  }

  @Test
  void patchesModeSizeAndFrequencyAndNothingElse() throws Exception {
    byte[] in = imageWithTail();
    FlashHeaderPatcher.Patched out = FlashHeaderPatcher.patch(in, "app.bin", 0,
        FlashParams.parse("dout", "4MB", "80m"));
    assertTrue(out.changed());
    assertEquals(0x034F, out.flashParamsWord());
    byte[] expected = in.clone();
    expected[2] = 3;
    expected[3] = 0x4F;
    assertArrayEquals(expected, out.bytes());
    // the bytes are outside the checksum, so the patched image still validates
    Esp8266ImageValidator.validate(out.bytes(), "app.bin");
  }

  @Test
  void keepLeavesEachFieldAlone() throws Exception {
    byte[] in = imageWithTail();
    byte[] sizeOnly = FlashHeaderPatcher.patch(in, "a", 0, FlashParams.parse("keep", "2MB-c1", "keep")).bytes();
    assertEquals(0, sizeOnly[2]);
    assertEquals(0x50, sizeOnly[3]);
    byte[] freqOnly = FlashHeaderPatcher.patch(in, "a", 0, FlashParams.parse(null, null, "26m")).bytes();
    assertEquals(0x21, freqOnly[3]);
    FlashHeaderPatcher.Patched all = FlashHeaderPatcher.patch(in, "a", 0, FlashParams.KEEP_ALL);
    assertFalse(all.changed());
    assertArrayEquals(in, all.bytes());
    FlashHeaderPatcher.Patched same = FlashHeaderPatcher.patch(in, "a", 0, FlashParams.parse("qio", "1MB", "40m"));
    assertFalse(same.changed());
  }

  @Test
  void leavesFilesForOtherAddressesUntouchedEvenIfTheyAreNotImages() throws Exception {
    byte[] data = {1, 2, 3};
    FlashHeaderPatcher.Patched out = FlashHeaderPatcher.patch(data, "irom.bin", 0x10000,
        FlashParams.parse("dio", "4MB", "40m"));
    assertFalse(out.changed());
    assertArrayEquals(data, out.bytes());
  }

  @Test
  void refusesToPatchSomethingThatIsNotAnImage() {
    byte[] notImage = new byte[64];
    ImageFormatException e = assertThrows(ImageFormatException.class,
        () -> FlashHeaderPatcher.patch(notImage, "blank.bin", 0, FlashParams.parse("dio", "keep", "keep")));
    assertTrue(e.getMessage().startsWith("blank.bin: invalid image magic 0x00"));
  }

  @Test
  void flashParamsNameTheAllowedValuesOnBadInput() {
    assertEquals("flash mode 'qd' is not one of qio, qout, dio, dout",
        assertThrows(IllegalArgumentException.class, () -> FlashParams.parse("qd", null, null)).getMessage());
    assertEquals("flash size '3MB' is not one of 512KB, 256KB, 1MB, 2MB, 4MB, 2MB-c1, 4MB-c1, 8MB, 16MB",
        assertThrows(IllegalArgumentException.class, () -> FlashParams.parse(null, "3MB", null)).getMessage());
    assertEquals("flash frequency '60m' is not one of 40m, 26m, 20m, 80m",
        assertThrows(IllegalArgumentException.class, () -> FlashParams.parse(null, null, "60m")).getMessage());
  }
}
