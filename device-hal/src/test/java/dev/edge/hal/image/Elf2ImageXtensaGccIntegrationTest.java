package dev.edge.hal.image;

import dev.edge.hal.elf.ElfFile;
import dev.edge.hal.elf.ElfReader;
import dev.edge.hal.elf.ElfSection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * elf2image on executables built at test time by Debian's gcc-xtensa-lx106 with picolibc, checked against an
 * independent reading of the same ELF: readelf for the layout and entry point, objcopy for the section bytes, and
 * the v1 format assembled here by hand.
 */
class Elf2ImageXtensaGccIntegrationTest {

  private static final String PROGRAM = """
      #include <string.h>
      int counter = 42;
      char buf[32];
      static const char msg[] = "edge elf2image test";
      __attribute__((constructor)) static void init_counter(void) { counter += 1; }
      __attribute__((section(".irom0.text"))) int flash_fn(int x) { return (int) strlen(msg) * x; }
      int ram_fn(int x) { memcpy(buf, msg, sizeof msg); return flash_fn(x) + counter + buf[x & 7]; }
      void call_user_start(void) { counter = ram_fn(counter); for (;;) { } }
      """;

  /** A NONOS-SDK-2.x-like layout: DRAM data, IRAM code, irom0 mapped at flash offset 0x10000. */
  private static final String NONOS_LD = """
      MEMORY {
        dram0_0_seg : org = 0x3FFE8000, len = 0x14000
        iram1_0_seg : org = 0x40100000, len = 0x8000
        irom0_0_seg : org = %s, len = 0x5C000
      }
      ENTRY(call_user_start)
      SECTIONS {
        .data : ALIGN(4) { *(.data .data.*) } >dram0_0_seg
        .rodata : ALIGN(4) { *(.rodata .rodata.*) } >dram0_0_seg
        .init_array : ALIGN(4) { KEEP(*(.init_array .ctors)) } >dram0_0_seg
        .bss (NOLOAD) : ALIGN(4) { *(.bss .bss.* COMMON) } >dram0_0_seg
        .text : ALIGN(4) { *(.literal .literal.*) *(.text .text.*) } >iram1_0_seg
        .irom0.text : ALIGN(4) { *(.irom0.literal) *(.irom0.text) } >irom0_0_seg
      }
      """;

  /** Only RAM, with an odd-sized .data and a gap before .rodata: no IROM file, no merge across the gap. */
  private static final String RAM_ONLY_PROGRAM = """
      char odd[5] = {1, 2, 3, 4, 5};
      static const char table[] = "lookup-table";
      int entry_point(int x) { return odd[x & 3] + table[x & 7]; }
      """;
  private static final String RAM_ONLY_LD = """
      ENTRY(entry_point)
      SECTIONS {
        .data 0x3FFE8000 : { *(.data .data.*) }
        .rodata ALIGN(0x100) : { *(.rodata .rodata.*) }
        .bss (NOLOAD) : ALIGN(4) { *(.bss .bss.* COMMON) }
        .text 0x40100000 : { *(.literal .literal.*) *(.text .text.*) }
      }
      """;

  @TempDir
  Path dir;

  @BeforeAll
  static void requireToolchain() {
    assumeTrue(XtensaToolchain.available(), "needs Debian's xtensa toolchain: apt-get install -y gcc-xtensa-lx106 "
        + "binutils-xtensa-lx106 picolibc-xtensa-lx106-elf");
  }

  @Test
  void readerAgreesWithReadelfOnEverySection() throws Exception {
    Path elfPath = XtensaToolchain.build(dir, "nonos", PROGRAM, NONOS_LD.formatted("0x40210000"));
    ElfFile elf = ElfReader.read(elfPath);
    List<XtensaToolchain.Section> expected = XtensaToolchain.sections(elfPath);
    assertEquals(expected.size(), elf.sections().size());
    for (int i = 0; i < expected.size(); i++) {
      XtensaToolchain.Section want = expected.get(i);
      ElfSection got = elf.sections().get(i);
      assertEquals(want.name(), got.name(), "section " + i);
      assertEquals(want.address(), got.address(), want.name());
      assertEquals(want.offset(), got.offset(), want.name());
      assertEquals(want.size(), got.size(), want.name());
    }
    assertEquals(XtensaToolchain.entry(elfPath), elf.entry());
  }

  @Test
  void nonosLayoutGivesAMergedRamImageAndAnIromFileAt0x10000() throws Exception {
    Path elfPath = XtensaToolchain.build(dir, "nonos", PROGRAM, NONOS_LD.formatted("0x40210000"));
    String prefix = dir.resolve("nonos.elf-").toString();
    List<Path> written = Elf2Image.convert(ElfReader.read(elfPath), Elf2Image.Options.DEFAULTS).writeFiles(prefix)
        .stream().map(Elf2ImageResult.WrittenFile::path).toList();
    assertEquals(List.of(Path.of(prefix + "0x10000.bin"), Path.of(prefix + "0x00000.bin")), written);

    List<XtensaToolchain.Section> s = XtensaToolchain.sections(elfPath);
    XtensaToolchain.Section data = find(s, ".data");
    XtensaToolchain.Section rodata = find(s, ".rodata");
    XtensaToolchain.Section init = find(s, ".init_array");
    XtensaToolchain.Section text = find(s, ".text");
    XtensaToolchain.Section irom = find(s, ".irom0.text");
    assertEquals("INIT_ARRAY", init.type());
    // the layout this test relies on: .data, .rodata and .init_array are contiguous in DRAM
    assertEquals(data.address() + pad4(data.size()), rodata.address());
    assertEquals(rodata.address() + pad4(rodata.size()), init.address());

    byte[] dram = concat(padded(elfPath, ".data"), padded(elfPath, ".rodata"), padded(elfPath, ".init_array"));
    byte[] expected = v1Image(0x00, 0x20, XtensaToolchain.entry(elfPath),
        List.of(new Object[] {data.address(), dram}, new Object[] {text.address(), padded(elfPath, ".text")}));
    assertArrayEquals(expected, Files.readAllBytes(written.get(1)));
    assertArrayEquals(padded(elfPath, ".irom0.text"), Files.readAllBytes(written.get(0)));
    assertEquals(0x10000, irom.address() - 0x40200000L);

    LoadedImage loaded = Esp8266ImageValidator.validate(Files.readAllBytes(written.get(1)), "nonos.bin");
    assertEquals(xorChecksum(dram, padded(elfPath, ".text")), loaded.storedChecksum());
  }

  @Test
  void sdk1LayoutNamesTheIromFile0x40000AndWritesTheRequestedHeaderBytes() throws Exception {
    Path elfPath = XtensaToolchain.build(dir, "sdk1", PROGRAM, NONOS_LD.formatted("0x40240000"));
    Elf2Image.Options options = new Elf2Image.Options(FlashMode.DIO, FlashSize.SIZE_4MB, FlashFrequency.FREQ_80M, false);
    String prefix = dir.resolve("sdk1-").toString();
    List<Path> written = Elf2Image.convert(ElfReader.read(elfPath), options).writeFiles(prefix)
        .stream().map(Elf2ImageResult.WrittenFile::path).toList();
    assertEquals(Path.of(prefix + "0x40000.bin"), written.get(0));
    byte[] bin = Files.readAllBytes(written.get(1));
    assertEquals(0x02, bin[2]);
    assertEquals(0x4F, bin[3]);
    assertArrayEquals(padded(elfPath, ".irom0.text"), Files.readAllBytes(written.get(0)));
  }

  @Test
  void ramOnlyProgramWritesOneFileAndKeepsTheGap() throws Exception {
    Path elfPath = XtensaToolchain.build(dir, "ram", RAM_ONLY_PROGRAM, RAM_ONLY_LD);
    String prefix = dir.resolve("ram-").toString();
    List<Path> written = Elf2Image.convert(ElfReader.read(elfPath), Elf2Image.Options.DEFAULTS).writeFiles(prefix)
        .stream().map(Elf2ImageResult.WrittenFile::path).toList();
    assertEquals(List.of(Path.of(prefix + "0x00000.bin")), written);
    try (var files = Files.list(dir)) {
      assertEquals(1, files.filter(p -> p.getFileName().toString().startsWith("ram-0x")).count());
    }
    List<XtensaToolchain.Section> s = XtensaToolchain.sections(elfPath);
    assertEquals(5, find(s, ".data").size());
    assertEquals(0x3FFE8100L, find(s, ".rodata").address());
    byte[] expected = v1Image(0x00, 0x20, XtensaToolchain.entry(elfPath), List.of(
        new Object[] {0x3FFE8000L, padded(elfPath, ".data")},
        new Object[] {0x3FFE8100L, padded(elfPath, ".rodata")},
        new Object[] {find(s, ".text").address(), padded(elfPath, ".text")}));
    assertArrayEquals(expected, Files.readAllBytes(written.get(0)));
    assertEquals(8, padded(elfPath, ".data").length);
  }

  @Test
  void useSegmentsTakesTheLoadSegmentsReadelfLists() throws Exception {
    Path elfPath = XtensaToolchain.build(dir, "nonos", PROGRAM, NONOS_LD.formatted("0x40210000"));
    byte[] file = Files.readAllBytes(elfPath);
    List<XtensaToolchain.Load> loads = XtensaToolchain.loads(elfPath);
    Elf2ImageResult r = Elf2Image.convert(ElfReader.read(elfPath),
        new Elf2Image.Options(FlashMode.QIO, FlashSize.SIZE_1MB, FlashFrequency.FREQ_40M, true));
    List<ImageSegment> ram = r.ramImage().segments();
    List<XtensaToolchain.Load> ramLoads = loads.stream().filter(l -> l.physicalAddress() < 0x40200000L).toList();
    assertEquals(ramLoads.size(), ram.size());
    for (int i = 0; i < ram.size(); i++) {
      XtensaToolchain.Load l = ramLoads.get(i);
      assertEquals(l.physicalAddress(), ram.get(i).loadAddress());
      byte[] raw = Arrays.copyOfRange(file, (int) l.offset(), (int) (l.offset() + l.fileSize()));
      assertArrayEquals(Arrays.copyOf(raw, (int) pad4(raw.length)), ram.get(i).data());
    }
    assertFalse(r.irom().isEmpty());
  }

  private static XtensaToolchain.Section find(List<XtensaToolchain.Section> sections, String name) {
    return sections.stream().filter(s -> s.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("readelf lists no " + name));
  }

  private static long pad4(long n) {
    return (n + 3) & ~3L;
  }

  private static byte[] padded(Path elf, String section) throws Exception {
    byte[] raw = XtensaToolchain.sectionBytes(elf, section);
    assertTrue(raw.length > 0, section + " is empty");
    return Arrays.copyOf(raw, (int) pad4(raw.length));
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static int xorChecksum(byte[]... parts) {
    int c = 0xEF;
    for (byte[] p : parts) {
      for (byte b : p) {
        c ^= b & 0xFF;
      }
    }
    return c;
  }

  /** The v1 layout from the reference, written out longhand: header, segments, zero pad, checksum last. */
  private static byte[] v1Image(int mode, int sizeFreq, long entry, List<Object[]> segments) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0xE9);
    out.write(segments.size());
    out.write(mode);
    out.write(sizeFreq);
    le32(out, entry);
    int checksum = 0xEF;
    for (Object[] seg : segments) {
      byte[] bytes = (byte[]) seg[1];
      le32(out, (Long) seg[0]);
      le32(out, bytes.length);
      out.writeBytes(bytes);
      checksum = xorChecksum(bytes) ^ 0xEF ^ checksum;
    }
    while (out.size() % 16 != 15) {
      out.write(0);
    }
    out.write(checksum);
    return out.toByteArray();
  }

  private static void le32(ByteArrayOutputStream out, long v) {
    for (int i = 0; i < 4; i++) {
      out.write((int) (v >>> (8 * i)) & 0xFF);
    }
  }
}
