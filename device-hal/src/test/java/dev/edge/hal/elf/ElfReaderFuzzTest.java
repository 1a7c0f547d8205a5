package dev.edge.hal.elf;

import com.code_intelligence.jazzer.junit.FuzzTest;

/** Coverage-guided fuzzing of the ELF reader (JAZZER_FUZZ=1 to fuzz; otherwise a regression run). */
class ElfReaderFuzzTest {

  @FuzzTest(maxDuration = "60s")
  void readerThrowsOnlyElfFormatException(byte[] input) {
    try {
      ElfFile elf = ElfReader.parse(input, "fuzz.elf");
      for (ElfBlock b : elf.loadableSections()) {
        if (b.address() == 0 || b.length() == 0) {
          throw new AssertionError("loadable sections have a non-zero address and size: " + b);
        }
      }
    } catch (ElfFormatException expected) {
      // refusing is fine; any other exception fails the test
    }
  }
}
