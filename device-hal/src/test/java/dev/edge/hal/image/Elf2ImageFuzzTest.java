package dev.edge.hal.image;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.edge.hal.elf.ElfFile;
import dev.edge.hal.elf.ElfFormatException;
import dev.edge.hal.elf.ElfReader;

/** Coverage-guided fuzzing of ELF reading plus conversion (JAZZER_FUZZ=1 to fuzz; otherwise a regression run). */
class Elf2ImageFuzzTest {

  @FuzzTest(maxDuration = "60s")
  void elf2imageThrowsOnlyDeclaredExceptions(byte[] input) {
    ElfFile elf;
    try {
      elf = ElfReader.parse(input, "fuzz.elf");
    } catch (ElfFormatException expected) {
      return;
    }
    try {
      Elf2ImageResult r = Elf2Image.convert(elf, Elf2Image.Options.DEFAULTS);
      Esp8266ImageValidator.validate(Esp8266ImageWriter.toBytes(r.ramImage()), "converted.bin");
    } catch (ImageFormatException expected) {
      // conversion may refuse (too many segments, two IROM segments ...), but never crash
    }
  }
}
