package dev.edge.hal.flash;

import java.io.IOException;

/**
 * How blocks get into flash. The ROM variant is the only one today; a RAM stub (deflate, MD5, baud change,
 * 16 KiB blocks) would be a second implementation, chosen after uploading the stub with MEM_*.
 */
public interface FlashWriteProtocol {

  /** Size of each data block; the last one is padded with 0xFF. */
  int blockSize();

  /** Starts a region; the ROM erases it now. */
  void begin(long offset, int size) throws IOException;

  /** Writes block {@code sequence} of the current region, with block-level retries. */
  void writeBlock(byte[] block, int sequence) throws IOException;

  /** Whether written data can be verified afterwards (the ROM has no MD5 command). */
  boolean canVerify();
}
