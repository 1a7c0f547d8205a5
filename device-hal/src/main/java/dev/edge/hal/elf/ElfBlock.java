package dev.edge.hal.elf;

import java.util.Arrays;

/**
 * Bytes that an ELF file asks to be placed at a load address: a section or a PT_LOAD segment's file part.
 *
 * @param name    the section name, or {@code PHDR} for a program header, as esptool names them
 * @param address load address
 * @param data    the bytes stored in the file (never the zero-filled tail of a segment)
 */
public record ElfBlock(String name, long address, byte[] data) {

  public ElfBlock {
    data = data.clone();
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  public int length() {
    return data.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ElfBlock b && b.address == address && b.name.equals(name) && Arrays.equals(b.data, data);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * name.hashCode() + Long.hashCode(address)) + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return String.format("%s len 0x%05x load 0x%08x", name, data.length, address);
  }
}
