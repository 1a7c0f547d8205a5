package dev.edge.hal.esp;

import java.io.IOException;

/** Runs SPI flash commands through the controller's user-command registers, as esptool does from the ROM. */
public final class SpiFlashProbe {
  private static final int RDID_BITS = 24;
  private static final int COMMAND_BITS = 8;
  private static final long ALL_BITS = 0xFFFFFFFFL;

  private SpiFlashProbe() {
  }

  /** Reads the JEDEC id; on the ESP8266 ROM the flash is attached first with FLASH_BEGIN(0, 0). */
  public static FlashChipId readId(EspLoader loader) throws IOException {
    ChipFamily chip = loader.chip();
    if (!chip.romHasSpiAttach()) {
      loader.flashBeginRaw(0, 0, chip.romFlashBlockSize(), 0, LoaderTimeouts.DEFAULT);
    }
    return FlashChipId.fromRdid(run(loader, chip.spiRegisters(), SpiRegisters.SPIFLASH_RDID, RDID_BITS));
  }

  private static long run(EspLoader loader, SpiRegisters spi, int command, int readBits) throws IOException {
    long oldUsr = loader.readRegister(spi.usr());
    long oldUsr2 = loader.readRegister(spi.usr2());
    try {
      long misoMask = readBits == 0 ? 0 : readBits - 1;
      loader.writeRegister(spi.usr1(), misoMask << spi.usr1MisoBitlenShift(), ALL_BITS, 0);
      loader.writeRegister(spi.usr(), SpiRegisters.SPI_USR_COMMAND | SpiRegisters.SPI_USR_MISO, ALL_BITS, 0);
      loader.writeRegister(spi.usr2(),
          ((long) (COMMAND_BITS - 1) << SpiRegisters.SPI_USR2_COMMAND_LEN_SHIFT) | command, ALL_BITS, 0);
      loader.writeRegister(spi.w0(), 0, ALL_BITS, 0);
      loader.writeRegister(spi.cmd(), SpiRegisters.SPI_CMD_USR, ALL_BITS, 0);
      waitDone(loader, spi);
      return loader.readRegister(spi.w0());
    } finally {
      loader.writeRegister(spi.usr(), oldUsr, ALL_BITS, 0);
      loader.writeRegister(spi.usr2(), oldUsr2, ALL_BITS, 0);
    }
  }

  private static void waitDone(EspLoader loader, SpiRegisters spi) throws IOException {
    for (int i = 0; i < LoaderTimeouts.SPI_COMMAND_POLLS; i++) {
      if ((loader.readRegister(spi.cmd()) & SpiRegisters.SPI_CMD_USR) == 0) {
        return;
      }
    }
    throw new EspProtocolException("SPI flash command did not complete after " + LoaderTimeouts.SPI_COMMAND_POLLS
        + " polls of SPI_CMD");
  }
}
