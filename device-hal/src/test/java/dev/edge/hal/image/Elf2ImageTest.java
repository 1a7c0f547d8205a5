package dev.edge.hal.image;

import dev.edge.hal.elf.ElfReader;
import dev.edge.hal.elf.ElfSection;
import dev.edge.hal.elf.TestElfBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Elf2ImageTest {

  private static byte[] filled(int length, int value) {
    byte[] b = new byte[length];
    java.util.Arrays.fill(b, (byte) value);
    return b;
  }

  private static Elf2ImageResult convert(TestElfBuilder elf) throws Exception {
    return Elf2Image.convert(ElfReader.parse(elf.build(), "app.elf"), Elf2Image.Options.DEFAULTS);
  }

  @Test
  void padsSectionsTo4BytesAndMergesContiguousOnesInTheSameRegion() throws Exception {
    Elf2ImageResult r = convert(new TestElfBuilder()
        .progbits(".data", 0x3FFE8000L, filled(6, 0x11))      // padded to 8 ...
        .progbits(".rodata", 0x3FFE8008L, filled(4, 0x22))    // ... so this one continues it
        .progbits(".text", 0x40100000L, filled(5, 0x33)));
    List<ImageSegment> segs = r.ramImage().segments();
    assertEquals(2, segs.size());
    assertEquals(1, r.mergedSections());
    assertArrayEquals(new byte[] {0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0, 0, 0x22, 0x22, 0x22, 0x22},
        segs.get(0).data());
    assertArrayEquals(new byte[] {0x33, 0x33, 0x33, 0x33, 0x33, 0, 0, 0}, segs.get(1).data());
  }

  @Test
  void neverFillsGapsNorMergesAcrossRegionsNorSorts() throws Exception {
    Elf2ImageResult r = convert(new TestElfBuilder()
        .progbits(".text", 0x40100000L, filled(4, 1))
        .progbits(".data", 0x3FFE8000L, filled(4, 2))
        .progbits(".rodata", 0x3FFE8010L, filled(4, 3))      // gap of 12 bytes
        .progbits(".dram_end", 0x3FFFFFFCL, filled(4, 4))
        .progbits(".iram_start", 0x40000000L, filled(4, 5))); // contiguous, but not DRAM
    assertEquals(List.of(0x40100000L, 0x3FFE8000L, 0x3FFE8010L, 0x3FFFFFFCL, 0x40000000L),
        r.ramImage().segments().stream().map(ImageSegment::loadAddress).toList());
    assertEquals(0, r.mergedSections());
  }

  @Test
  void takesEntryPointFromTheElfAndEsptoolsDefaultHeaderBytes() throws Exception {
    Elf2ImageResult r = convert(new TestElfBuilder().entry(0x40100123L).progbits(".text", 0x40100000L, filled(4, 1)));
    byte[] bin = Esp8266ImageWriter.toBytes(r.ramImage());
    assertEquals(0x00, bin[2]); // qio
    assertEquals(0x20, bin[3]); // 1MB, 40m
    assertEquals(0x40100123L, r.ramImage().entryPoint());
  }

  @Test
  void splitsTheIromSegmentIntoAFileNamedByItsFlashOffset(@TempDir Path dir) throws Exception {
    Elf2ImageResult r = convert(new TestElfBuilder()
        .progbits(".text", 0x40100000L, filled(4, 1))
        .progbits(".irom0.text", 0x40210000L, filled(7, 9)));
    assertEquals(0x10000L, r.iromFlashOffset().orElseThrow());
    assertEquals(1, r.ramImage().segments().size());
    List<Path> written = r.writeFiles(dir.resolve("app-").toString()).stream()
        .map(Elf2ImageResult.WrittenFile::path).toList();
    assertEquals(List.of(dir.resolve("app-0x10000.bin"), dir.resolve("app-0x00000.bin")), written);
    assertArrayEquals(new byte[] {9, 9, 9, 9, 9, 9, 9, 0}, Files.readAllBytes(written.get(0)));
    assertArrayEquals(Esp8266ImageWriter.toBytes(r.ramImage()), Files.readAllBytes(written.get(1)));
    assertTrue(Files.readAllBytes(written.get(1)).length % 16 == 0);
  }

  @Test
  void namesIromFilesWithFiveHexDigitsAtLeast() {
    assertEquals("0x00000.bin", Elf2ImageResult.fileSuffix(0));
    assertEquals("0x01000.bin", Elf2ImageResult.fileSuffix(0x1000));
    assertEquals("0x40000.bin", Elf2ImageResult.fileSuffix(0x40000));
    assertEquals("0x100000.bin", Elf2ImageResult.fileSuffix(0x100000));
  }

  @Test
  void writesOnlyTheRamImageWithoutIrom() throws Exception {
    Map<Long, byte[]> files = convert(new TestElfBuilder().progbits(".text", 0x40100000L, filled(4, 1)))
        .filesByOffset();
    assertEquals(List.of(0L), List.copyOf(files.keySet()));
  }

  @Test
  void includesInitAndFiniArraysAsEsptoolDoes() throws Exception {
    Elf2ImageResult r = convert(new TestElfBuilder()
        .progbits(".text", 0x40100000L, filled(4, 1))
        .section(".init_array", ElfSection.SHT_INIT_ARRAY, 0x3FFE8000L, filled(4, 2))
        .section(".fini_array", ElfSection.SHT_FINI_ARRAY, 0x3FFE8004L, filled(4, 3))
        .nobits(".bss", 0x3FFE8008L, 64));
    assertEquals(2, r.ramImage().segments().size());
    assertEquals(8, r.ramImage().segments().get(1).length());
  }

  @Test
  void usesProgramHeadersWhenAskedTo() throws Exception {
    byte[] elf = new TestElfBuilder()
        .progbits(".text", 0x40100000L, filled(4, 1))
        .loadSegment(0x40100000L, filled(6, 7))
        .build();
    Elf2ImageResult r = Elf2Image.convert(ElfReader.parse(elf, "a.elf"),
        new Elf2Image.Options(FlashMode.DIO, FlashSize.SIZE_4MB, FlashFrequency.FREQ_80M, true));
    assertArrayEquals(new byte[] {7, 7, 7, 7, 7, 7, 0, 0}, r.ramImage().segments().get(0).data());
    assertEquals(0x4F, r.ramImage().flashSizeFreqByte());
    assertEquals(2, r.ramImage().flashModeByte());
  }

  @Test
  void refusesTwoIromSegments() {
    TestElfBuilder elf = new TestElfBuilder()
        .progbits(".irom0.text", 0x40210000L, filled(4, 1))
        .progbits(".irom1.text", 0x40220000L, filled(4, 1));
    ImageFormatException e = assertThrows(ImageFormatException.class, () -> convert(elf));
    assertTrue(e.getMessage().startsWith("app.elf: found 2 segments that could be irom0"), e.getMessage());
  }

  @Test
  void refusesAnIromSegmentThatWouldOverwriteTheRamImageFile() {
    TestElfBuilder elf = new TestElfBuilder().progbits(".irom0.text", 0x40200000L, filled(4, 1));
    assertTrue(assertThrows(ImageFormatException.class, () -> convert(elf)).getMessage()
        .contains("starts at 0x40200000 (flash offset 0)"));
  }

  @Test
  void refusesMoreThanSixteenSegmentsCountingIrom() {
    TestElfBuilder elf = new TestElfBuilder().progbits(".irom0.text", 0x40210000L, filled(4, 1));
    for (int i = 0; i < 16; i++) {
      elf.progbits(".s" + i, 0x40100000L + 0x10L * i, filled(4, i));
    }
    assertTrue(assertThrows(ImageFormatException.class, () -> convert(elf)).getMessage()
        .contains("invalid segment count 17 (max 16)"));
  }
}
