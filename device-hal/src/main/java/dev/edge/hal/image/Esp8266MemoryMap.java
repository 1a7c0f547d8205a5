package dev.edge.hal.image;

import java.util.List;

/** The ESP8266 address ranges esptool names (its {@code ESP8266ROM.MEMORY_MAP}) plus the flash-mapped IROM window. */
public final class Esp8266MemoryMap {

  /** Start of the flash cache window; an IROM segment at this address lives at flash offset 0. */
  public static final long IROM_MAP_START = 0x40200000L;
  /** End (exclusive) of the flash cache window. */
  public static final long IROM_MAP_END = 0x40300000L;

  /** A named, half-open address range. */
  public record Region(long start, long end, String name) {
    boolean contains(long address) {
      return start <= address && address < end;
    }
  }

  /** esptool's table, in its order; the IROM entry is where the ROM maps the image after its 0x1010 header. */
  public static final List<Region> REGIONS = List.of(
      new Region(0x3FF00000L, 0x3FF00010L, "DPORT"),
      new Region(0x3FFE8000L, 0x40000000L, "DRAM"),
      new Region(0x40100000L, 0x40108000L, "IRAM"),
      new Region(0x40201010L, 0x402E1010L, "IROM"));

  private Esp8266MemoryMap() {
  }

  /** Names of the regions that contain {@code address}; empty when it is in none of them. */
  public static List<String> regionsOf(long address) {
    return REGIONS.stream().filter(r -> r.contains(address)).map(Region::name).toList();
  }

  /** True when {@code address} is in the flash-mapped window that elf2image writes to a separate file. */
  public static boolean isIrom(long address) {
    return IROM_MAP_START <= address && address < IROM_MAP_END;
  }
}
