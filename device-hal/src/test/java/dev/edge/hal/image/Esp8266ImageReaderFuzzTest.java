package dev.edge.hal.image;

import com.code_intelligence.jazzer.junit.FuzzTest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Coverage-guided fuzzing of the image reader (JAZZER_FUZZ=1 to fuzz; otherwise a regression run). */
class Esp8266ImageReaderFuzzTest {

  @FuzzTest(maxDuration = "60s")
  void readerThrowsOnlyImageFormatExceptionAndRoundTripsWhatItAccepts(byte[] input) {
    LoadedImage loaded;
    try {
      loaded = Esp8266ImageReader.parse(input, "fuzz.bin");
    } catch (ImageFormatException expected) {
      return;
    }
    byte[] written = Esp8266ImageWriter.toBytes(loaded.image());
    assertEquals(loaded.imageLength(), written.length);
    try {
      LoadedImage again = Esp8266ImageReader.parse(written, "rewritten.bin");
      assertEquals(loaded.image(), again.image());
      assertArrayEquals(written, Esp8266ImageWriter.toBytes(again.image()));
      FlashHeaderPatcher.patch(input, "fuzz.bin", 0, FlashParams.parse("dio", "4MB", "80m"));
    } catch (ImageFormatException e) {
      throw new AssertionError("an accepted image must stay readable after rewriting and patching", e);
    }
  }

  @FuzzTest(maxDuration = "60s")
  void validatorThrowsOnlyImageFormatException(byte[] input) {
    try {
      Esp8266ImageValidator.validate(input, "fuzz.bin");
    } catch (ImageFormatException expected) {
      // refusing is fine; any other exception fails the test
    }
  }
}
