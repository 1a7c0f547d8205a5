package dev.edge.hal.flash;

import dev.edge.hal.esp.EspLoader;
import java.io.IOException;

/** FLASH_BEGIN/FLASH_DATA straight to the ROM loader: 1 KiB blocks, erase-size workaround, no verification. */
public final class RomFlashWriteProtocol implements FlashWriteProtocol {
  private final EspLoader loader;

  public RomFlashWriteProtocol(EspLoader loader) {
    this.loader = loader;
  }

  @Override
  public int blockSize() {
    return loader.chip().romFlashBlockSize();
  }

  @Override
  public void begin(long offset, int size) throws IOException {
    loader.flashBegin(size, (int) offset);
  }

  @Override
  public void writeBlock(byte[] block, int sequence) throws IOException {
    loader.flashBlock(block, sequence);
  }

  @Override
  public boolean canVerify() {
    return false;
  }
}
