package dev.edge.hal.esp;

/**
 * Addresses and bits of the SPI flash controller's "user command" path (esptool run_spiflash_command).
 * ESP8266 has no MOSI/MISO length registers; lengths go into USR1 bit fields instead.
 */
public record SpiRegisters(long cmd, long usr, long usr1, long usr2, long w0,
              int usr1MisoBitlenShift, int usr1MosiBitlenShift) {
  public static final long SPI_CMD_USR = 1L << 18;
  public static final long SPI_USR_COMMAND = 1L << 31;
  public static final long SPI_USR_MISO = 1L << 28;
  public static final long SPI_USR_MOSI = 1L << 27;
  public static final int SPI_USR2_COMMAND_LEN_SHIFT = 28;
  /** RDID: read JEDEC id, 24 bits back. */
  public static final int SPIFLASH_RDID = 0x9F;
}
