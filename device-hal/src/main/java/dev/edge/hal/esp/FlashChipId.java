package dev.edge.hal.esp;

/** JEDEC id of the SPI flash (RDID 0x9F): manufacturer, memory type and capacity code (size = 2^code bytes). */
public record FlashChipId(int manufacturer, int memoryType, int capacityCode) {

  /** Flash size in bytes, or -1 when the capacity code is not a plausible SPI NOR size (256 KiB .. 128 MiB). */
  public long sizeBytes() {
    return capacityCode >= 0x12 && capacityCode <= 0x1B ? 1L << capacityCode : -1;
  }

  public static FlashChipId fromRdid(long word) {
    return new FlashChipId((int) (word & 0xFF), (int) ((word >> 8) & 0xFF), (int) ((word >> 16) & 0xFF));
  }

  @Override
  public String toString() {
    return String.format("manufacturer 0x%02x, device 0x%02x%02x", manufacturer, memoryType, capacityCode);
  }
}
