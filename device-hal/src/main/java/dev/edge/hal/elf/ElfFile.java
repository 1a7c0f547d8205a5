package dev.edge.hal.elf;

import java.util.List;

/**
 * A parsed 32-bit little-endian Xtensa ELF executable: its header, section and program headers, and the bytes
 * that load to memory.
 *
 * @param source            the name used in error messages (usually the path)
 * @param machine           {@code e_machine}
 * @param entry             {@code e_entry}
 * @param sections          every section header, in table order
 * @param programHeaders    every program header, in table order
 * @param loadableSections  sections with program data, a non-zero address and a non-zero size, in table order
 * @param loadSegments      PT_LOAD segments with a non-zero physical address and file size, in table order
 */
public record ElfFile(String source, int machine, long entry, List<ElfSection> sections,
            List<ElfProgramHeader> programHeaders, List<ElfBlock> loadableSections,
            List<ElfBlock> loadSegments) {

  public static final int EM_XTENSA = 0x5E;

  public ElfFile {
    sections = List.copyOf(sections);
    programHeaders = List.copyOf(programHeaders);
    loadableSections = List.copyOf(loadableSections);
    loadSegments = List.copyOf(loadSegments);
  }

  /** Looks a section up by name; names are unique in linker output. */
  public java.util.Optional<ElfSection> section(String name) {
    return sections.stream().filter(s -> s.name().equals(name)).findFirst();
  }
}
