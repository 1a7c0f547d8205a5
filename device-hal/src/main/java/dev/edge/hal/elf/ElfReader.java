package dev.edge.hal.elf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads ESP8266 (Xtensa, ELF32, little-endian) executables the way esptool's {@code ELFFile} does.
 *
 * <p>esptool behaviours followed: a section is loadable when its type is PROGBITS, INIT_ARRAY or FINI_ARRAY and
 * both its address and size are non-zero (the SHF_ALLOC flag is not consulted); a load segment is a PT_LOAD
 * entry with a non-zero physical address and file size; the section header entry size must be 0x28; a file
 * without section headers or without program headers is refused (esptool fails on both, which also rejects
 * unlinked {@code .o} files). Stricter than esptool, which would misread or crash on them: 64-bit and big-endian
 * files, machines other than Xtensa, and any offset or size that points past the end of the file are refused.
 */
public final class ElfReader {

  /** Largest ELF read from disk; ESP8266 executables are a few MiB at most, even with debug info. */
  public static final long MAX_FILE_SIZE = 256L * 1024 * 1024;

  private static final int EHDR_SIZE = 0x34;
  private static final int SHDR_SIZE = 0x28;
  private static final int PHDR_SIZE = 0x20;
  private static final int ELFCLASS32 = 1;
  private static final int ELFDATA2LSB = 1;
  private static final int EM_RISCV = 0xF3;

  private ElfReader() {
  }

  /** Reads and parses the ELF file at {@code path}. */
  public static ElfFile read(Path path) throws IOException, ElfFormatException {
    long size = Files.size(path);
    if (size > MAX_FILE_SIZE) {
      throw new ElfFormatException(path.toString(),
          "file is " + size + " bytes, larger than the " + MAX_FILE_SIZE + "-byte limit for an ELF");
    }
    return parse(Files.readAllBytes(path), path.toString());
  }

  /** Parses {@code bytes} as an ELF file; {@code source} names it in error messages. */
  public static ElfFile parse(byte[] bytes, String source) throws ElfFormatException {
    return new Parse(bytes, source).run();
  }

  /** One parse run over one byte array. */
  private static final class Parse {
    private final byte[] b;
    private final String source;

    Parse(byte[] bytes, String source) {
      this.b = bytes;
      this.source = source;
    }

    ElfFile run() throws ElfFormatException {
      if (b.length < 4 || b[0] != 0x7F || b[1] != 'E' || b[2] != 'L' || b[3] != 'F') {
        throw fail("not an ELF file (invalid ELF magic header)");
      }
      if (b.length < EHDR_SIZE) {
        throw fail("truncated ELF header: " + b.length + " bytes, need " + EHDR_SIZE);
      }
      if (b[4] != ELFCLASS32) {
        throw fail("not a 32-bit ELF (EI_CLASS " + b[4] + "); ESP8266 executables are ELF32");
      }
      if (b[5] != ELFDATA2LSB) {
        throw fail("not a little-endian ELF (EI_DATA " + b[5] + "); ESP8266 executables are little-endian");
      }
      int machine = u16(18);
      if (machine != ElfFile.EM_XTENSA) {
        String what = machine == EM_RISCV ? " (RISC-V, an ESP32-C/H-family chip)" : "";
        throw fail(String.format("e_machine=0x%04x%s is not Xtensa (0x%04x), so this is not an ESP8266 executable",
            machine, what, ElfFile.EM_XTENSA));
      }
      long entry = u32(24);
      long phoff = u32(28);
      long shoff = u32(32);
      int phnum = u16(44);
      int shentsize = u16(46);
      int shnum = u16(48);
      int shstrndx = u16(50);
      if (shentsize != SHDR_SIZE) {
        throw fail(String.format("unexpected section header entry size 0x%x (not 0x%x)", shentsize, SHDR_SIZE));
      }
      if (shnum == 0) {
        throw fail("has 0 section headers");
      }
      requireRange(shoff, (long) shnum * SHDR_SIZE, String.format(
          "section header table (%d entries at offset 0x%x)", shnum, shoff));
      if (shstrndx >= shnum) {
        throw fail("has no section name table: e_shstrndx " + shstrndx + " >= section count " + shnum);
      }
      long strOff = u32(shoffOf(shoff, shstrndx) + 16);
      long strSize = u32(shoffOf(shoff, shstrndx) + 20);
      requireRange(strOff, strSize, String.format("section name table (0x%x bytes at offset 0x%x)", strSize, strOff));

      List<ElfSection> sections = new ArrayList<>(shnum);
      List<ElfBlock> loadable = new ArrayList<>();
      for (int i = 0; i < shnum; i++) {
        int h = shoffOf(shoff, i);
        ElfSection s = new ElfSection(i, name(u32(h), strOff, strSize, i), u32(h + 4), u32(h + 8),
            u32(h + 12), u32(h + 16), u32(h + 20));
        sections.add(s);
        if (s.hasProgramData() && s.address() != 0 && s.size() > 0) {
          loadable.add(new ElfBlock(s.name(), s.address(), slice(s.offset(), s.size(),
              "section " + s.name())));
        }
      }

      if (phnum == 0) {
        throw fail("has no program headers (an unlinked object file? elf2image needs a linked executable)");
      }
      requireRange(phoff, (long) phnum * PHDR_SIZE, String.format(
          "program header table (%d entries at offset 0x%x)", phnum, phoff));
      List<ElfProgramHeader> headers = new ArrayList<>(phnum);
      List<ElfBlock> segments = new ArrayList<>();
      for (int i = 0; i < phnum; i++) {
        int h = (int) (phoff + (long) i * PHDR_SIZE);
        ElfProgramHeader p = new ElfProgramHeader(u32(h), u32(h + 4), u32(h + 8), u32(h + 12),
            u32(h + 16), u32(h + 20), u32(h + 24));
        headers.add(p);
        if (p.isLoad() && p.physicalAddress() != 0 && p.fileSize() > 0) {
          segments.add(new ElfBlock("PHDR", p.physicalAddress(),
              slice(p.offset(), p.fileSize(), "program header " + i)));
        }
      }
      return new ElfFile(source, machine, entry, sections, headers, loadable, segments);
    }

    private static int shoffOf(long shoff, int index) {
      return (int) (shoff + (long) index * SHDR_SIZE);
    }

    private String name(long nameOffset, long strOff, long strSize, int index) throws ElfFormatException {
      if (nameOffset >= strSize) {
        throw fail(String.format("section %d: name offset 0x%x is outside the 0x%x-byte name table",
            index, nameOffset, strSize));
      }
      int start = (int) (strOff + nameOffset);
      int end = start;
      int limit = (int) (strOff + strSize);
      while (end < limit && b[end] != 0) {
        end++;
      }
      if (end == limit) {
        throw fail(String.format("section %d: name at offset 0x%x has no terminating NUL", index, nameOffset));
      }
      return new String(b, start, end - start, StandardCharsets.ISO_8859_1);
    }

    private byte[] slice(long offset, long size, String what) throws ElfFormatException {
      requireRange(offset, size, String.format("%s (0x%x bytes at offset 0x%x)", what, size, offset));
      byte[] out = new byte[(int) size];
      System.arraycopy(b, (int) offset, out, 0, (int) size);
      return out;
    }

    private void requireRange(long offset, long length, String what) throws ElfFormatException {
      if (offset + length > b.length) {
        throw fail(String.format("truncated ELF file? %s ends at 0x%x, past the end of the %d-byte file",
            what, offset + length, b.length));
      }
    }

    private int u16(int off) {
      return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8;
    }

    private long u32(int off) throws ElfFormatException {
      if (off < 0 || off + 4 > b.length) {
        throw fail(String.format("truncated ELF file: a header field at offset 0x%x is past the end", off));
      }
      return (b[off] & 0xFFL) | (b[off + 1] & 0xFFL) << 8 | (b[off + 2] & 0xFFL) << 16 | (b[off + 3] & 0xFFL) << 24;
    }

    private ElfFormatException fail(String problem) {
      return new ElfFormatException(source, problem);
    }
  }
}
