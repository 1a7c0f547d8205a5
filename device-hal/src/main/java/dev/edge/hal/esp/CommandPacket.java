package dev.edge.hal.esp;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Builds host-to-chip packets: {@code <BBHI} header (direction 0, opcode, size, checksum) then data (§1.2). */
public final class CommandPacket {
  /** Seed of the XOR checksum over the data of MEM_DATA/FLASH_DATA (ESP_CHECKSUM_MAGIC). */
  public static final int CHECKSUM_SEED = 0xEF;
  public static final int HEADER_SIZE = 8;
  /** Size of the {@code _DATA} header in front of the block: length, sequence, two zero words. */
  public static final int DATA_HEADER_SIZE = 16;
  private static final int DIRECTION_REQUEST = 0x00;

  private CommandPacket() {
  }

  public static byte[] build(int opcode, byte[] data, int checksum) {
    if (data.length > 0xFFFF) {
      throw new IllegalArgumentException("command data longer than 65535 bytes: " + data.length);
    }
    ByteBuffer b = ByteBuffer.allocate(HEADER_SIZE + data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) DIRECTION_REQUEST).put((byte) opcode).putShort((short) data.length).putInt(checksum).put(data);
    return b.array();
  }

  /** XOR of {@link #CHECKSUM_SEED} with every byte of the block (not the 16-byte data header). */
  public static int checksum(byte[] data, int offset, int len) {
    int sum = CHECKSUM_SEED;
    for (int i = offset; i < offset + len; i++) {
      sum ^= data[i] & 0xFF;
    }
    return sum;
  }

  /** The {@code _DATA} payload: u32 length, u32 sequence, u32 0, u32 0, then the block. */
  public static byte[] dataPayload(byte[] block, int sequence) {
    ByteBuffer b = ByteBuffer.allocate(DATA_HEADER_SIZE + block.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(block.length).putInt(sequence).putInt(0).putInt(0).put(block);
    return b.array();
  }

  /** Little-endian u32 words, as most command payloads are laid out. */
  public static byte[] words(long... values) {
    ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (long v : values) {
      b.putInt((int) v);
    }
    return b.array();
  }
}
