package dev.edge.hal.esp;

import java.io.IOException;

/** One chip family's quirks; the protocol itself lives in {@link EspLoader}. ESP32-family chips plug in here. */
public interface ChipFamily {

  String name();

  /** Value of the register at {@link #magicRegister()} that identifies this family. */
  long magicValue();

  long magicRegister();

  /** Status bytes at the end of every response: 2 on the ESP8266 ROM and all stubs, 4 on ESP32 ROMs. */
  int statusBytes();

  /** FLASH_DATA block size the ROM loader takes. */
  int romFlashBlockSize();

  /** MEM_DATA block size. */
  int ramBlockSize();

  int flashSectorSize();

  /** The erase size to put in FLASH_BEGIN so the ROM erases what is meant (some ROMs misread it). */
  int romEraseSize(int offset, int size);

  /** How many bytes the ROM really erases from {@code offset} when FLASH_BEGIN carries {@code eraseSize}. */
  long romErasedLength(int offset, int eraseSize);

  /** Where the bootloader image lives in flash; its header carries mode, size and frequency. */
  int bootloaderOffset();

  /** Whether the ROM has SPI_ATTACH; if not, FLASH_BEGIN(0, 0) attaches the flash. */
  boolean romHasSpiAttach();

  /** Reads efuses/registers and tells the variant, MAC and chip id. */
  ChipInfo identify(RegisterReader registers) throws IOException;

  /** The SPI controller registers used to run flash commands such as RDID. */
  SpiRegisters spiRegisters();
}
