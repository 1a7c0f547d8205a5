package dev.edge.hal.elf;

/**
 * One entry of an ELF32 program header table.
 *
 * @param type            {@code p_type}
 * @param offset          {@code p_offset}
 * @param virtualAddress  {@code p_vaddr}
 * @param physicalAddress {@code p_paddr}, the load memory address
 * @param fileSize        {@code p_filesz}
 * @param memorySize      {@code p_memsz}
 * @param flags           {@code p_flags}
 */
public record ElfProgramHeader(long type, long offset, long virtualAddress, long physicalAddress,
                 long fileSize, long memorySize, long flags) {

  public static final long PT_LOAD = 0x1;

  public boolean isLoad() {
    return type == PT_LOAD;
  }
}
