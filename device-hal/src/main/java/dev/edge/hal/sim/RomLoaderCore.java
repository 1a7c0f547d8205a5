package dev.edge.hal.sim;

import dev.edge.hal.esp.CommandPacket;
import dev.edge.hal.esp.Esp8266;
import dev.edge.hal.esp.Opcode;
import dev.edge.hal.esp.RomError;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The ESP8266 ROM loader from the chip's side: one decoded request in, its replies out. It has the ROM's
 * quirks: 2 status bytes, eight replies to SYNC, eight "invalid message" (0x05) replies to commands the ROM
 * lacks, and the FLASH_BEGIN erase-size bug.
 */
final class RomLoaderCore {
  /** The ROM answers one SYNC eight times (esptool reads 1 + 7 replies). */
  static final int SYNC_REPLIES = 8;
  /** "Unsupported command response is sent 8 times" (esptool loader.py). */
  static final int UNSUPPORTED_REPLIES = 8;
  /** The ROM's non-zero SYNC value (inference: the first word of the SYNC payload echoed back). */
  static final long ROM_SYNC_VALUE = 0x20120707L;
  private static final byte[] SYNC_PAYLOAD_HEAD = {0x07, 0x07, 0x12, 0x20};
  private static final int SYNC_PAYLOAD_LENGTH = 36;
  private static final int STATUS_OK = 0;
  private static final int STATUS_FAIL = 1;

  /** What the chip does after replying. */
  enum After { STAY, RUN_USER_CODE, REBOOT, RUN_RAM_CODE }

  /** Replies to send, chip time spent before them, and what happens next. */
  record Outcome(List<byte[]> replies, Duration busy, After after, long entry) {
  }

  private final SimFlash flash;
  private final SimMemory memory;
  private final ChipRegisters registers;
  private final Timing timing;
  private FlashWrite flashWrite;
  private MemWrite memWrite;
  private long erasedSectors;

  private record FlashWrite(long offset, int blocks, int blockSize) {
  }

  private record MemWrite(long address, int size, int blocks, int blockSize) {
  }

  RomLoaderCore(SimFlash flash, SimMemory memory, ChipRegisters registers, Timing timing) {
    this.flash = flash;
    this.memory = memory;
    this.registers = registers;
    this.timing = timing;
  }

  /** Sectors erased so far (each block erase counts 16), for tests of the erase-size bug. */
  long erasedSectors() {
    return erasedSectors;
  }

  Outcome handle(byte[] packet) {
    if (packet.length < CommandPacket.HEADER_SIZE || packet[0] != 0) {
      return silent(); // not a request: the ROM waits for the next frame
    }
    ByteBuffer b = ByteBuffer.wrap(packet).order(ByteOrder.LITTLE_ENDIAN);
    b.get();
    int op = b.get() & 0xFF;
    int size = b.getShort() & 0xFFFF;
    long checksum = b.getInt() & 0xFFFFFFFFL;
    byte[] data = Arrays.copyOfRange(packet, CommandPacket.HEADER_SIZE, packet.length);
    if (size != data.length) {
      return failure(op, RomError.INVALID_MESSAGE, UNSUPPORTED_REPLIES);
    }
    return switch (op) {
      case Opcode.SYNC -> sync(data);
      case Opcode.READ_REG -> readReg(data);
      case Opcode.WRITE_REG -> writeReg(data);
      case Opcode.FLASH_BEGIN -> flashBegin(data);
      case Opcode.FLASH_DATA -> flashData(data, checksum);
      case Opcode.FLASH_END -> flashEnd(data);
      case Opcode.MEM_BEGIN -> memBegin(data);
      case Opcode.MEM_DATA -> memData(data, checksum);
      case Opcode.MEM_END -> memEnd(data);
      default -> failure(op, RomError.INVALID_MESSAGE, UNSUPPORTED_REPLIES);
    };
  }

  private Outcome sync(byte[] data) {
    if (data.length != SYNC_PAYLOAD_LENGTH || !Arrays.equals(Arrays.copyOf(data, 4), SYNC_PAYLOAD_HEAD)) {
      return failure(Opcode.SYNC, RomError.INVALID_MESSAGE, UNSUPPORTED_REPLIES);
    }
    for (int i = 4; i < data.length; i++) {
      if (data[i] != 0x55) {
        return failure(Opcode.SYNC, RomError.INVALID_MESSAGE, UNSUPPORTED_REPLIES);
      }
    }
    List<byte[]> replies = new ArrayList<>();
    for (int i = 0; i < SYNC_REPLIES; i++) {
      replies.add(reply(Opcode.SYNC, ROM_SYNC_VALUE, STATUS_OK, 0));
    }
    return new Outcome(replies, Duration.ZERO, After.STAY, 0);
  }

  private Outcome readReg(byte[] data) {
    if (data.length != 4) {
      return failure(Opcode.READ_REG, RomError.INVALID_MESSAGE, UNSUPPORTED_REPLIES);
    }
    long value = registers.read(words(data)[0]);
    return ok(Opcode.READ_REG, value);
  }

  private Outcome writeReg(byte[] data) {
    if (data.length != 16) {
      return failure(Opcode.WRITE_REG, RomError.INVALID_MESSAGE, UNSUPPORTED_REPLIES);
    }
    long[] w = words(data);
    registers.write(w[0], w[1], w[2]);
    return new Outcome(List.of(reply(Opcode.WRITE_REG, 0, STATUS_OK, 0)),
        timing.cost(Duration.ofNanos(w[3] * 1000)), After.STAY, 0);
  }

  private Outcome flashBegin(byte[] data) {
    if (data.length != 16) {
      return failure(Opcode.FLASH_BEGIN, RomError.INVALID_MESSAGE, UNSUPPORTED_REPLIES);
    }
    long[] w = words(data);
    long eraseSize = w[0];
    int blocks = (int) w[1];
    int blockSize = (int) w[2];
    long offset = w[3];
    flashWrite = null;
    if (offset % SimFlash.SECTOR != 0 || offset + eraseSize > flash.size() || blockSize <= 0
        || blockSize > 0x10000) {
      return failure(Opcode.FLASH_BEGIN, RomError.FAILED_TO_ACT, 1);
    }
    Duration busy = eraseArea(offset, eraseSize);
    flashWrite = new FlashWrite(offset, blocks, blockSize);
    return new Outcome(List.of(reply(Opcode.FLASH_BEGIN, 0, STATUS_OK, 0)), busy, After.STAY, 0);
  }

  /**
   * The ROM's SPIEraseArea with its bug: it erases the head sectors up to the next 64 KiB boundary and then
   * {@code size} more bytes (as 64 KiB blocks while more than 16 sectors remain, then sectors), so a
   * request that does not start on a block boundary erases too much (reference §1.7).
   */
  private Duration eraseArea(long offset, long size) {
    long sector = offset / SimFlash.SECTOR;
    long count = (size + SimFlash.SECTOR - 1) / SimFlash.SECTOR;
    long head = Math.min(Esp8266.SECTORS_PER_BLOCK - sector % Esp8266.SECTORS_PER_BLOCK, count);
    Duration cost = Duration.ZERO;
    for (long i = 0; i < head; i++) {
      flash.eraseSector(sector++);
      cost = cost.plus(Timing.SECTOR_ERASE);
    }
    long remaining = count;
    while (remaining > Esp8266.SECTORS_PER_BLOCK) {
      flash.eraseBlock(sector / Esp8266.SECTORS_PER_BLOCK);
      sector += Esp8266.SECTORS_PER_BLOCK;
      remaining -= Esp8266.SECTORS_PER_BLOCK;
      cost = cost.plus(Timing.BLOCK_ERASE);
    }
    for (; remaining > 0; remaining--) {
      flash.eraseSector(sector++);
      cost = cost.plus(Timing.SECTOR_ERASE);
    }
    erasedSectors += head + count;
    return timing.cost(cost);
  }

  private Outcome flashData(byte[] data, long checksum) {
    if (flashWrite == null) {
      return failure(Opcode.FLASH_DATA, RomError.FAILED_TO_ACT, 1);
    }
    DataBlock block = DataBlock.parse(data);
    if (block == null) {
      return failure(Opcode.FLASH_DATA, RomError.INVALID_MESSAGE, UNSUPPORTED_REPLIES);
    }
    if (block.checksum() != checksum) {
      return failure(Opcode.FLASH_DATA, RomError.INVALID_CRC, 1);
    }
    if (block.sequence() < 0 || block.sequence() >= flashWrite.blocks() || block.length() > flashWrite.blockSize()) {
      return failure(Opcode.FLASH_DATA, RomError.FAILED_TO_ACT, 1);
    }
    long at = flashWrite.offset() + (long) block.sequence() * flashWrite.blockSize();
    if (at + block.length() > flash.size()) {
      return failure(Opcode.FLASH_DATA, RomError.FAILED_TO_ACT, 1);
    }
    flash.program(at, data, DataBlock.HEADER, block.length());
    Duration busy = timing.cost(Timing.FLASH_WRITE_PER_KIB.multipliedBy(block.length()).dividedBy(1024));
    byte[] readBack = flash.read(at, block.length());
    if (!Arrays.equals(readBack, 0, block.length(), data, DataBlock.HEADER, DataBlock.HEADER + block.length())) {
      return new Outcome(List.of(reply(Opcode.FLASH_DATA, 0, STATUS_FAIL, RomError.FLASH_WRITE_ERROR)), busy,
          After.STAY, 0);
    }
    return new Outcome(List.of(reply(Opcode.FLASH_DATA, 0, STATUS_OK, 0)), busy, After.STAY, 0);
  }

  private Outcome flashEnd(byte[] data) {
    if (data.length != 4) {
      return failure(Opcode.FLASH_END, RomError.INVALID_MESSAGE, UNSUPPORTED_REPLIES);
    }
    flashWrite = null;
    After after = words(data)[0] == 0 ? After.REBOOT : After.RUN_USER_CODE;
    return new Outcome(List.of(reply(Opcode.FLASH_END, 0, STATUS_OK, 0)), Duration.ZERO, after, 0);
  }

  private Outcome memBegin(byte[] data) {
    if (data.length != 16) {
      return failure(Opcode.MEM_BEGIN, RomError.INVALID_MESSAGE, UNSUPPORTED_REPLIES);
    }
    long[] w = words(data);
    if (!SimMemory.contains(w[3], w[0])) {
      memWrite = null;
      return failure(Opcode.MEM_BEGIN, RomError.FAILED_TO_ACT, 1);
    }
    memWrite = new MemWrite(w[3], (int) w[0], (int) w[1], (int) w[2]);
    return ok(Opcode.MEM_BEGIN, 0);
  }

  private Outcome memData(byte[] data, long checksum) {
    if (memWrite == null) {
      return failure(Opcode.MEM_DATA, RomError.FAILED_TO_ACT, 1);
    }
    DataBlock block = DataBlock.parse(data);
    if (block == null) {
      return failure(Opcode.MEM_DATA, RomError.INVALID_MESSAGE, UNSUPPORTED_REPLIES);
    }
    if (block.checksum() != checksum) {
      return failure(Opcode.MEM_DATA, RomError.INVALID_CRC, 1);
    }
    long at = memWrite.address() + (long) block.sequence() * memWrite.blockSize();
    if (block.sequence() < 0 || !SimMemory.contains(at, block.length())) {
      return failure(Opcode.MEM_DATA, RomError.FAILED_TO_ACT, 1);
    }
    memory.write(at, data, DataBlock.HEADER, block.length());
    return ok(Opcode.MEM_DATA, 0);
  }

  private Outcome memEnd(byte[] data) {
    if (data.length != 8) {
      return failure(Opcode.MEM_END, RomError.INVALID_MESSAGE, UNSUPPORTED_REPLIES);
    }
    long[] w = words(data);
    memWrite = null;
    After after = w[0] == 0 ? After.RUN_RAM_CODE : After.STAY;
    return new Outcome(List.of(reply(Opcode.MEM_END, 0, STATUS_OK, 0)), Duration.ZERO, after, w[1]);
  }

  private static Outcome silent() {
    return new Outcome(List.of(), Duration.ZERO, After.STAY, 0);
  }

  private static Outcome ok(int op, long value) {
    return new Outcome(List.of(reply(op, value, STATUS_OK, 0)), Duration.ZERO, After.STAY, 0);
  }

  private static Outcome failure(int op, int error, int times) {
    List<byte[]> replies = new ArrayList<>();
    for (int i = 0; i < times; i++) {
      replies.add(reply(op, 0, STATUS_FAIL, error));
    }
    return new Outcome(replies, Duration.ZERO, After.STAY, 0);
  }

  /** Response layout: 0x01, opcode, size 2, value, then the two status bytes. */
  static byte[] reply(int op, long value, int status, int error) {
    ByteBuffer b = ByteBuffer.allocate(CommandPacket.HEADER_SIZE + 2).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 1).put((byte) op).putShort((short) 2).putInt((int) value).put((byte) status).put((byte) error);
    return b.array();
  }

  private static long[] words(byte[] data) {
    ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    long[] w = new long[data.length / 4];
    for (int i = 0; i < w.length; i++) {
      w[i] = b.getInt() & 0xFFFFFFFFL;
    }
    return w;
  }

  /** A {@code _DATA} payload: length, sequence, two reserved words, then the bytes. */
  private record DataBlock(int length, int sequence, long checksum) {
    static final int HEADER = CommandPacket.DATA_HEADER_SIZE;

    static DataBlock parse(byte[] data) {
      if (data.length < HEADER) {
        return null;
      }
      ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
      long length = b.getInt() & 0xFFFFFFFFL;
      int sequence = b.getInt();
      if (length != data.length - HEADER) {
        return null;
      }
      return new DataBlock((int) length, sequence, CommandPacket.checksum(data, HEADER, (int) length));
    }
  }
}
