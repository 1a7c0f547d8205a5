package dev.edge.hal.elf;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ElfReaderTest {

  private static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }

  private static byte[] sampleElf() {
    return new TestElfBuilder().entry(0x40100010L)
        .progbits(".data", 0x3FFE8000L, bytes(1, 2, 3, 4))
        .nobits(".bss", 0x3FFE8004L, 0x40)
        .progbits(".text", 0x40100000L, bytes(9, 8, 7, 6, 5))
        .progbits(".comment", 0, bytes('g', 'c', 'c', 0))
        .section(".init_array", ElfSection.SHT_INIT_ARRAY, 0x3FFE9000L, bytes(0x10, 0, 0x10, 0x40))
        .section(".empty", ElfSection.SHT_PROGBITS, 0x3FFEA000L, new byte[0])
        .loadSegment(0x40100000L, bytes(9, 8, 7, 6, 5))
        .build();
  }

  @Test
  void readsHeaderSectionsAndLoadableSectionsInTableOrder() throws Exception {
    ElfFile elf = ElfReader.parse(sampleElf(), "app.elf");
    assertEquals(0x40100010L, elf.entry());
    assertEquals(ElfFile.EM_XTENSA, elf.machine());
    assertEquals(List.of("", ".data", ".bss", ".text", ".comment", ".init_array", ".empty", ".shstrtab"),
        elf.sections().stream().map(ElfSection::name).toList());
    // esptool's rule: PROGBITS/INIT_ARRAY/FINI_ARRAY with a non-zero address and size; NOBITS and addr 0 are out
    assertEquals(List.of(".data", ".text", ".init_array"),
        elf.loadableSections().stream().map(ElfBlock::name).toList());
    assertArrayEquals(bytes(9, 8, 7, 6, 5), elf.loadableSections().get(1).data());
    assertEquals(0x40100000L, elf.loadableSections().get(1).address());
    assertEquals(1, elf.loadSegments().size());
    assertEquals("PHDR", elf.loadSegments().get(0).name());
    assertEquals(0x40, elf.section(".bss").orElseThrow().size());
  }

  @Test
  void refusesANonElfFileNamingIt() {
    ElfFormatException e = assertThrows(ElfFormatException.class,
        () -> ElfReader.parse("#!/bin/sh\necho hi\n".getBytes(), "build/app.elf"));
    assertEquals("build/app.elf: not an ELF file (invalid ELF magic header)", e.getMessage());
    assertThrows(ElfFormatException.class, () -> ElfReader.parse(new byte[0], "empty.elf"));
  }

  @Test
  void refusesATruncatedHeader() {
    byte[] elf = Arrays.copyOf(sampleElf(), 40);
    ElfFormatException e = assertThrows(ElfFormatException.class, () -> ElfReader.parse(elf, "t.elf"));
    assertTrue(e.getMessage().contains("truncated ELF header: 40 bytes"), e.getMessage());
  }

  @Test
  void refusesOtherMachinesNamingThem() {
    byte[] riscv = new TestElfBuilder().machine(0xF3).progbits(".text", 0x42000000L, bytes(1, 2, 3, 4)).build();
    ElfFormatException e = assertThrows(ElfFormatException.class, () -> ElfReader.parse(riscv, "c3.elf"));
    assertTrue(e.getMessage().contains("e_machine=0x00f3 (RISC-V"), e.getMessage());
    byte[] arm = new TestElfBuilder().machine(40).build();
    assertTrue(assertThrows(ElfFormatException.class, () -> ElfReader.parse(arm, "arm.elf")).getMessage()
        .contains("is not Xtensa"));
  }

  @Test
  void refuses64BitAndBigEndianFiles() {
    byte[] elf64 = sampleElf();
    elf64[4] = 2;
    assertTrue(assertThrows(ElfFormatException.class, () -> ElfReader.parse(elf64, "x.elf")).getMessage()
        .contains("not a 32-bit ELF"));
    byte[] be = sampleElf();
    be[5] = 2;
    assertTrue(assertThrows(ElfFormatException.class, () -> ElfReader.parse(be, "x.elf")).getMessage()
        .contains("not a little-endian ELF"));
  }

  @Test
  void refusesAFileCutInsideTheSectionTable() {
    byte[] elf = sampleElf();
    byte[] cut = Arrays.copyOf(elf, elf.length - 10);
    ElfFormatException e = assertThrows(ElfFormatException.class, () -> ElfReader.parse(cut, "cut.elf"));
    assertTrue(e.getMessage().startsWith("cut.elf: truncated ELF file? section header table"), e.getMessage());
  }

  @Test
  void refusesSectionDataPastTheEndOfTheFile() {
    byte[] elf = sampleElf();
    ByteBuffer b = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
    int shoff = b.getInt(32);
    int dataHeader = shoff + 0x28; // section 1 is .data
    b.putInt(dataHeader + 20, 0x7FFF0000);
    ElfFormatException e = assertThrows(ElfFormatException.class, () -> ElfReader.parse(elf, "big.elf"));
    assertTrue(e.getMessage().contains("section .data (0x7fff0000 bytes at offset"), e.getMessage());
  }

  @Test
  void refusesWrongSectionHeaderSizeAndMissingTables() {
    byte[] shentsize = sampleElf();
    shentsize[46] = 0x20;
    assertTrue(assertThrows(ElfFormatException.class, () -> ElfReader.parse(shentsize, "a.elf")).getMessage()
        .contains("unexpected section header entry size 0x20 (not 0x28)"));
    byte[] noSections = sampleElf();
    noSections[48] = 0;
    noSections[49] = 0;
    assertTrue(assertThrows(ElfFormatException.class, () -> ElfReader.parse(noSections, "a.elf")).getMessage()
        .contains("has 0 section headers"));
    byte[] noPhdrs = sampleElf();
    noPhdrs[44] = 0;
    assertTrue(assertThrows(ElfFormatException.class, () -> ElfReader.parse(noPhdrs, "a.o")).getMessage()
        .contains("no program headers"));
    byte[] badStrndx = sampleElf();
    badStrndx[50] = 0x7F;
    assertTrue(assertThrows(ElfFormatException.class, () -> ElfReader.parse(badStrndx, "a.elf")).getMessage()
        .contains("e_shstrndx 127"));
  }

  @Test
  void refusesSectionNamesOutsideTheNameTable() {
    byte[] elf = sampleElf();
    ByteBuffer b = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
    int shoff = b.getInt(32);
    b.putInt(shoff + 0x28, 0x10000);
    assertTrue(assertThrows(ElfFormatException.class, () -> ElfReader.parse(elf, "n.elf")).getMessage()
        .contains("section 1: name offset 0x10000 is outside"));
  }
}
