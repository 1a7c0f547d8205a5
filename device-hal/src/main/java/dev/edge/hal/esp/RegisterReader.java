package dev.edge.hal.esp;

import java.io.IOException;

/** Reads a 32-bit word from the chip's address space (READ_REG). */
@FunctionalInterface
public interface RegisterReader {
  long read(long address) throws IOException;
}
