package dev.edge.hal.sim;

import dev.edge.hal.esp.Esp8266;
import dev.edge.hal.esp.SpiRegisters;
import java.util.HashMap;
import java.util.Map;

/**
 * The registers a loader client touches: the ROM magic word, the efuse words (MAC, ESP8285 marker), UART_CLKDIV,
 * and the SPI controller's user-command path, which runs RDID against the simulated flash chip.
 */
final class ChipRegisters {
  /** Winbond's JEDEC manufacturer id and its W25Q "memory type"; the capacity code follows the flash size. */
  static final int FLASH_MANUFACTURER = 0xEF;
  static final int FLASH_MEMORY_TYPE = 0x40;
  /** ESP8266 APB clock with a 26 MHz crystal as esptool's crystal estimate sees it (2 x 26 MHz). */
  private static final long UART_CLOCK = 52_000_000L;
  private static final long CLKDIV_MASK = 0xFFFFF;
  private static final int SPI_COMMAND_MASK = 0xFFFF;

  private final Map<Long, Long> values = new HashMap<>();
  private final SimMemory memory;
  private final SpiRegisters spi = Esp8266.INSTANCE.spiRegisters();
  private final long jedecId;

  ChipRegisters(SimulatorConfig config, SimMemory memory) {
    this.memory = memory;
    byte[] mac = config.mac();
    int[] m = new int[6];
    for (int i = 0; i < 6; i++) {
      m[i] = mac[i] & 0xFF;
    }
    long ouiCode;
    long word3 = 0;
    if (m[0] == 0x18 && m[1] == 0xFE && m[2] == 0x34) {
      ouiCode = 0;
    } else if (m[0] == 0xAC && m[1] == 0xD0 && m[2] == 0x74) {
      ouiCode = 1;
    } else {
      ouiCode = 0;
      word3 = ((long) m[0] << 16) | (m[1] << 8) | m[2];
    }
    long word0 = ((long) m[5] << 24) | (config.esp8285() ? 1L << 4 : 0);
    long word1 = (ouiCode << 16) | (m[3] << 8) | m[4];
    values.put(Esp8266.MAGIC_REGISTER, Esp8266.MAGIC_VALUE);
    values.put(Esp8266.EFUSE_WORD0, word0);
    values.put(Esp8266.EFUSE_WORD1, word1);
    values.put(Esp8266.EFUSE_WORD2, 0L);
    values.put(Esp8266.EFUSE_WORD3, word3);
    jedecId = FLASH_MANUFACTURER | (FLASH_MEMORY_TYPE << 8)
        | ((long) Long.numberOfTrailingZeros(config.flashSize()) << 16);
    setUartBaud(config.baud());
  }

  void setUartBaud(int baud) {
    values.put(Esp8266.UART_CLKDIV_REGISTER, (UART_CLOCK + baud / 2) / baud & CLKDIV_MASK);
  }

  long read(long address) {
    Long ram = memory.readWord(address);
    if (ram != null) {
      return ram;
    }
    return values.getOrDefault(address, 0L);
  }

  /** WRITE_REG semantics: bits in {@code mask} take {@code value}; read-only words ignore writes. */
  void write(long address, long value, long mask) {
    if (isReadOnly(address)) {
      return;
    }
    long merged = (read(address) & ~mask | value & mask) & 0xFFFFFFFFL;
    if (SimMemory.contains(address, 4)) {
      byte[] word = {(byte) merged, (byte) (merged >> 8), (byte) (merged >> 16), (byte) (merged >> 24)};
      memory.write(address, word, 0, 4);
      return;
    }
    values.put(address, merged);
    if (address == spi.cmd() && (merged & SpiRegisters.SPI_CMD_USR) != 0) {
      runSpiUserCommand();
    }
  }

  private boolean isReadOnly(long address) {
    return address == Esp8266.MAGIC_REGISTER || (address >= Esp8266.EFUSE_WORD0 && address <= Esp8266.EFUSE_WORD3);
  }

  /** Runs the command in USR2 against the flash chip and clears SPI_CMD_USR, as the controller does. */
  private void runSpiUserCommand() {
    int command = (int) (values.getOrDefault(spi.usr2(), 0L) & SPI_COMMAND_MASK);
    long result = command == SpiRegisters.SPIFLASH_RDID ? jedecId : 0;
    values.put(spi.w0(), result);
    values.put(spi.cmd(), values.get(spi.cmd()) & ~SpiRegisters.SPI_CMD_USR);
  }
}
