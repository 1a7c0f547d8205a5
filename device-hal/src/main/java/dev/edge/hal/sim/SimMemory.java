package dev.edge.hal.sim;

/** The ESP8266's RAM as the loader sees it: DRAM 0x3FFE8000-0x40000000 and IRAM 0x40100000-0x40108000. */
final class SimMemory {
  static final long DRAM_START = 0x3FFE8000L;
  static final long DRAM_END = 0x40000000L;
  static final long IRAM_START = 0x40100000L;
  static final long IRAM_END = 0x40108000L;

  private final byte[] dram = new byte[(int) (DRAM_END - DRAM_START)];
  private final byte[] iram = new byte[(int) (IRAM_END - IRAM_START)];

  static boolean contains(long address, long len) {
    return (address >= DRAM_START && address + len <= DRAM_END)
        || (address >= IRAM_START && address + len <= IRAM_END);
  }

  void write(long address, byte[] bytes, int from, int len) {
    for (int i = 0; i < len; i++) {
      long a = address + i;
      if (a >= DRAM_START && a < DRAM_END) {
        dram[(int) (a - DRAM_START)] = bytes[from + i];
      } else if (a >= IRAM_START && a < IRAM_END) {
        iram[(int) (a - IRAM_START)] = bytes[from + i];
      }
    }
  }

  /** Little-endian word at an aligned RAM address, or null if the address is not RAM. */
  Long readWord(long address) {
    if (!contains(address, 4)) {
      return null;
    }
    long v = 0;
    for (int i = 3; i >= 0; i--) {
      long a = address + i;
      byte b = a < DRAM_END ? dram[(int) (a - DRAM_START)] : iram[(int) (a - IRAM_START)];
      v = (v << 8) | (b & 0xFF);
    }
    return v;
  }
}
