package dev.edge.hal.elf;

/**
 * One entry of an ELF32 section header table.
 *
 * @param index  position in the section header table
 * @param name   name from the section header string table
 * @param type   {@code sh_type}
 * @param flags  {@code sh_flags}
 * @param address {@code sh_addr}, the load address
 * @param offset {@code sh_offset}, where the bytes sit in the file
 * @param size   {@code sh_size}
 */
public record ElfSection(int index, String name, long type, long flags, long address, long offset, long size) {

  public static final long SHT_PROGBITS = 0x1;
  public static final long SHT_STRTAB = 0x3;
  public static final long SHT_NOBITS = 0x8;
  public static final long SHT_INIT_ARRAY = 0xE;
  public static final long SHT_FINI_ARRAY = 0xF;

  /** True for the section types whose bytes end up in memory and are stored in the file. */
  public boolean hasProgramData() {
    return type == SHT_PROGBITS || type == SHT_INIT_ARRAY || type == SHT_FINI_ARRAY;
  }
}
