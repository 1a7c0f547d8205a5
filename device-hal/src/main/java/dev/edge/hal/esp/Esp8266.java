package dev.edge.hal.esp;

import java.io.IOException;

/** ESP8266/ESP8285 quirks (esptool targets/esp8266.py; reference §1.6-§1.9, §3.1). */
public final class Esp8266 implements ChipFamily {
  public static final Esp8266 INSTANCE = new Esp8266();

  /** CHIP_DETECT_MAGIC_REG_ADDR. */
  public static final long MAGIC_REGISTER = 0x40001000L;
  /** ESP8266ROM.MAGIC_VALUE. */
  public static final long MAGIC_VALUE = 0xFFF0C101L;
  /** The 128-bit efuse block, four words (MAC0, MAC1, MAC2, MAC3 in esptool). */
  public static final long EFUSE_WORD0 = 0x3FF00050L;
  public static final long EFUSE_WORD1 = 0x3FF00054L;
  public static final long EFUSE_WORD2 = 0x3FF00058L;
  public static final long EFUSE_WORD3 = 0x3FF0005CL;
  /** UART_CLKDIV_REG; the low 20 bits times the baud rate give twice the crystal frequency. */
  public static final long UART_CLKDIV_REGISTER = 0x60000014L;
  public static final long SPI_BASE = 0x60000200L;

  public static final int STATUS_BYTES = 2;
  /** FLASH_WRITE_SIZE for the ROM. */
  public static final int ROM_FLASH_BLOCK = 0x400;
  /** ESP_RAM_BLOCK. */
  public static final int RAM_BLOCK = 0x1800;
  public static final int FLASH_SECTOR = 0x1000;
  public static final int SECTORS_PER_BLOCK = 16;
  /** The ROM's own rate and the rate esptool syncs at (ESP_ROM_BAUD). */
  public static final int ROM_BAUD = 115200;
  /** Rate of the ROM's boot log with a 26 MHz crystal (115200 x 26/40). */
  public static final int BOOT_LOG_BAUD = 74880;

  /** Efuse bits marking an ESP8285 (embedded flash): bit 4 of word 0 and bit 80 (word 2, bit 16). */
  private static final long ESP8285_BIT_WORD0 = 1L << 4;
  private static final long ESP8285_BIT_WORD2 = 1L << 16;

  private static final SpiRegisters SPI = new SpiRegisters(SPI_BASE, SPI_BASE + 0x1C, SPI_BASE + 0x20,
      SPI_BASE + 0x24, SPI_BASE + 0x40, 8, 17);

  private Esp8266() {
  }

  @Override
  public String name() {
    return "ESP8266";
  }

  @Override
  public long magicValue() {
    return MAGIC_VALUE;
  }

  @Override
  public long magicRegister() {
    return MAGIC_REGISTER;
  }

  @Override
  public int statusBytes() {
    return STATUS_BYTES;
  }

  @Override
  public int romFlashBlockSize() {
    return ROM_FLASH_BLOCK;
  }

  @Override
  public int ramBlockSize() {
    return RAM_BLOCK;
  }

  @Override
  public int flashSectorSize() {
    return FLASH_SECTOR;
  }

  @Override
  public int bootloaderOffset() {
    return 0;
  }

  @Override
  public boolean romHasSpiAttach() {
    return false;
  }

  /**
   * The ROM's FLASH_BEGIN erases the head sectors up to the next 64 KiB boundary and then erase_size more
   * bytes, so the size is pre-distorted (ESP8266ROM.get_erase_size, reference §1.7).
   */
  @Override
  public int romEraseSize(int offset, int size) {
    int numSectors = (size + FLASH_SECTOR - 1) / FLASH_SECTOR;
    int startSector = offset / FLASH_SECTOR;
    int head = Math.min(SECTORS_PER_BLOCK - (startSector % SECTORS_PER_BLOCK), numSectors);
    if (numSectors < 2 * head) {
      return (numSectors + 1) / 2 * FLASH_SECTOR;
    }
    return (numSectors - head) * FLASH_SECTOR;
  }

  /**
   * The ROM erases the head sectors (up to the next 64 KiB boundary, at most the requested count) and then the
   * requested count again; with an odd count inside one block even the workaround erases one sector too many.
   */
  @Override
  public long romErasedLength(int offset, int eraseSize) {
    long sectors = (eraseSize + FLASH_SECTOR - 1L) / FLASH_SECTOR;
    long head = Math.min(SECTORS_PER_BLOCK - (offset / FLASH_SECTOR) % SECTORS_PER_BLOCK, sectors);
    return (head + sectors) * FLASH_SECTOR;
  }

  @Override
  public ChipInfo identify(RegisterReader registers) throws IOException {
    long w0 = registers.read(EFUSE_WORD0);
    long w1 = registers.read(EFUSE_WORD1);
    long w2 = registers.read(EFUSE_WORD2);
    long w3 = registers.read(EFUSE_WORD3);
    boolean esp8285 = (w0 & ESP8285_BIT_WORD0) != 0 || (w2 & ESP8285_BIT_WORD2) != 0;
    return new ChipInfo(name(), esp8285 ? "ESP8285" : "ESP8266EX", mac(w0, w1, w3), chipId(w0, w1));
  }

  /** esptool read_mac: OUI from word 3 if set, else 18:FE:34 or AC:D0:74 by bits 16-23 of word 1. */
  static String mac(long w0, long w1, long w3) throws ChipDetectionException {
    int[] oui;
    if (w3 != 0) {
      oui = new int[] {(int) (w3 >> 16) & 0xFF, (int) (w3 >> 8) & 0xFF, (int) w3 & 0xFF};
    } else if (((w1 >> 16) & 0xFF) == 0) {
      oui = new int[] {0x18, 0xFE, 0x34};
    } else if (((w1 >> 16) & 0xFF) == 1) {
      oui = new int[] {0xAC, 0xD0, 0x74};
    } else {
      throw new ChipDetectionException(String.format("unknown MAC OUI code 0x%02x in efuse word 1 (0x%08x)",
          (w1 >> 16) & 0xFF, w1));
    }
    return String.format("%02x:%02x:%02x:%02x:%02x:%02x", oui[0], oui[1], oui[2],
        (w1 >> 8) & 0xFF, w1 & 0xFF, (w0 >> 24) & 0xFF);
  }

  /** SDK system_get_chip_id(): (word0 >> 24) | ((word1 & 0xFFFFFF) << 8). */
  static long chipId(long w0, long w1) {
    return ((w0 >> 24) & 0xFF) | ((w1 & 0xFFFFFFL) << 8);
  }

  @Override
  public SpiRegisters spiRegisters() {
    return SPI;
  }
}
