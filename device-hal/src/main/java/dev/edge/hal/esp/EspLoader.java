package dev.edge.hal.esp;

import dev.edge.hal.serial.PortDisconnectedException;
import dev.edge.hal.serial.SerialPort;
import java.io.IOException;
import java.time.Duration;

/**
 * The ROM loader protocol from the host side, in one place: framing, command/response matching, status
 * checks, SYNC, registers, RAM and flash commands. Chip differences come from the {@link ChipFamily}.
 */
public final class EspLoader {
  private static final byte[] SYNC_PAYLOAD = syncPayload();
  /** FLASH_END argument: 0 reboots, 1 runs the user code (esptool flash_finish). */
  private static final int FLASH_END_REBOOT = 0;
  private static final int FLASH_END_RUN_USER_CODE = 1;

  private final SerialPort port;
  private final ChipFamily chip;
  private final ResponseParser parser;
  private final SlipDecoder decoder = new SlipDecoder();
  private final byte[] rx = new byte[4096];
  private int rxPos;
  private int rxLen;
  private boolean romDetected;

  public EspLoader(SerialPort port, ChipFamily chip) {
    this.port = port;
    this.chip = chip;
    this.parser = new ResponseParser(chip.statusBytes());
  }

  private static byte[] syncPayload() {
    byte[] p = new byte[36];
    p[0] = 0x07;
    p[1] = 0x07;
    p[2] = 0x12;
    p[3] = 0x20;
    for (int i = 4; i < p.length; i++) {
      p[i] = 0x55;
    }
    return p;
  }

  public SerialPort port() {
    return port;
  }

  public ChipFamily chip() {
    return chip;
  }

  /** True once a SYNC reply carried a non-zero value, which only the ROM sends (a stub sends 0). */
  public boolean romDetected() {
    return romDetected;
  }

  /** Bytes seen outside loader packets (e.g. a boot log), for error messages. */
  public SlipDecoder decoder() {
    return decoder;
  }

  /** Sends a command and returns its successful reply. */
  public Response command(int opcode, byte[] data, int checksum, Duration timeout) throws IOException {
    send(opcode, data, checksum);
    return check(opcode, await(opcode, timeout));
  }

  public void send(int opcode, byte[] data, int checksum) throws IOException {
    port.write(Slip.encode(CommandPacket.build(opcode, data, checksum)));
  }

  /** One SYNC exchange; the ROM answers eight times, the extra replies are drained. */
  public void sync() throws IOException {
    Response first = command(Opcode.SYNC, SYNC_PAYLOAD, 0, LoaderTimeouts.SYNC);
    romDetected = first.value() != 0;
    for (int i = 0; i < LoaderTimeouts.SYNC_EXTRA_REPLIES; i++) {
      try {
        await(Opcode.SYNC, LoaderTimeouts.SYNC);
      } catch (NoResponseException e) {
        break;
      }
    }
  }

  public long readRegister(long address) throws IOException {
    return command(Opcode.READ_REG, CommandPacket.words(address), 0, LoaderTimeouts.DEFAULT).value();
  }

  public void writeRegister(long address, long value, long mask, int delayMicros) throws IOException {
    command(Opcode.WRITE_REG, CommandPacket.words(address, value, mask, delayMicros), 0, LoaderTimeouts.DEFAULT);
  }

  public void memBegin(int size, int blocks, int blockSize, long address) throws IOException {
    command(Opcode.MEM_BEGIN, CommandPacket.words(size, blocks, blockSize, address), 0, LoaderTimeouts.DEFAULT);
  }

  public void memData(byte[] block, int sequence) throws IOException {
    command(Opcode.MEM_DATA, CommandPacket.dataPayload(block, sequence),
        CommandPacket.checksum(block, 0, block.length), LoaderTimeouts.DEFAULT);
  }

  /**
   * Ends a RAM load; with a non-zero entry the chip jumps there. The ROM may never answer once it jumped,
   * so a missing reply within MEM_END_ROM_TIMEOUT is not an error.
   *
   * @return whether a reply arrived
   */
  public boolean memEnd(long entry) throws IOException {
    send(Opcode.MEM_END, CommandPacket.words(entry == 0 ? 1 : 0, entry), 0);
    try {
      check(Opcode.MEM_END, await(Opcode.MEM_END, LoaderTimeouts.MEM_END_ROM));
      return true;
    } catch (NoResponseException e) {
      return false;
    }
  }

  /**
   * FLASH_BEGIN for {@code size} bytes at {@code offset}: the ROM erases the region before it answers, so the
   * timeout grows with the size; the erase size carries the chip's ROM workaround.
   */
  public void flashBegin(int size, int offset) throws IOException {
    int blockSize = chip.romFlashBlockSize();
    int blocks = (size + blockSize - 1) / blockSize;
    int eraseSize = chip.romEraseSize(offset, size);
    flashBeginRaw(eraseSize, blocks, blockSize, offset,
        LoaderTimeouts.perMegabyte(LoaderTimeouts.ERASE_REGION_PER_MB, size));
  }

  /** FLASH_BEGIN with the fields exactly as given (no erase-size workaround). */
  public void flashBeginRaw(int eraseSize, int blocks, int blockSize, int offset, Duration timeout)
      throws IOException {
    command(Opcode.FLASH_BEGIN, CommandPacket.words(eraseSize, blocks, blockSize, offset), 0, timeout);
  }

  /**
   * Writes one FLASH_DATA block, retrying up to WRITE_BLOCK_ATTEMPTS times when the reply is missing or
   * reports a failure (a corrupted frame fails its checksum).
   */
  public void flashBlock(byte[] block, int sequence) throws IOException {
    byte[] payload = CommandPacket.dataPayload(block, sequence);
    int checksum = CommandPacket.checksum(block, 0, block.length);
    Duration timeout = LoaderTimeouts.perMegabyte(LoaderTimeouts.ERASE_WRITE_PER_MB, block.length);
    EspProtocolException last = null;
    for (int attempt = 1; attempt <= LoaderTimeouts.WRITE_BLOCK_ATTEMPTS; attempt++) {
      if (attempt > 1) {
        discardInput();
      }
      try {
        command(Opcode.FLASH_DATA, payload, checksum, timeout);
        return;
      } catch (UnsupportedCommandException e) {
        throw e;
      } catch (EspProtocolException e) {
        last = e;
      }
    }
    throw new EspProtocolException("FLASH_DATA block " + sequence + " failed after "
        + LoaderTimeouts.WRITE_BLOCK_ATTEMPTS + " attempts: " + last.getMessage(), last);
  }

  /** FLASH_END; with {@code runUserCode} the ROM leaves the loader and starts the firmware. */
  public void flashEnd(boolean runUserCode) throws IOException {
    command(Opcode.FLASH_END, CommandPacket.words(runUserCode ? FLASH_END_RUN_USER_CODE : FLASH_END_REBOOT), 0,
        LoaderTimeouts.DEFAULT);
  }

  /** Throws away received bytes and any partial packet. */
  public void discardInput() throws IOException {
    port.discardInput();
    rxPos = 0;
    rxLen = 0;
    decoder.reset();
  }

  /** Reads whatever is waiting, without blocking, into the decoder (keeps the noise sample). */
  public void absorbPending() throws IOException {
    int n;
    while ((n = port.read(rx, 0, rx.length, Duration.ZERO)) > 0) {
      for (int i = 0; i < n; i++) {
        try {
          decoder.feed(rx[i]);
        } catch (SlipFramingException e) {
          // only the noise statistics matter here
        }
      }
    }
    rxPos = 0;
    rxLen = 0;
    decoder.reset();
  }

  /** Waits for the reply to {@code opcode}, skipping other packets, without checking its status. */
  public Response await(int opcode, Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (int packets = 0; packets < LoaderTimeouts.MAX_PACKETS_PER_REPLY; packets++) {
      byte[] packet = nextPacket(deadline);
      if (packet == null) {
        throw new NoResponseException("no reply to " + Opcode.name(opcode) + " within "
            + millis(timeout));
      }
      Response r;
      try {
        r = parser.parse(packet);
      } catch (MalformedResponseException e) {
        continue;
      }
      if (r.opcode() == opcode) {
        return r;
      }
      if (r.status() != 0 && r.error() == RomError.INVALID_MESSAGE) {
        drainUnsupportedReplies();
        throw new UnsupportedCommandException(opcode);
      }
    }
    throw new NoResponseException(LoaderTimeouts.MAX_PACKETS_PER_REPLY
        + " packets arrived but none answered " + Opcode.name(opcode));
  }

  private Response check(int opcode, Response r) throws IOException {
    if (r.ok()) {
      return r;
    }
    if (r.error() == RomError.INVALID_MESSAGE) {
      drainUnsupportedReplies();
      throw new UnsupportedCommandException(opcode);
    }
    throw new CommandFailedException(opcode, r.error());
  }

  /** The ROM repeats its "invalid message" reply several times; let them pass before the next command. */
  private void drainUnsupportedReplies() throws IOException {
    long quietUntil = System.nanoTime() + LoaderTimeouts.SYNC.toNanos();
    while (System.nanoTime() < quietUntil) {
      if (port.read(rx, 0, rx.length, LoaderTimeouts.SYNC) > 0) {
        quietUntil = System.nanoTime() + LoaderTimeouts.SYNC.toNanos();
      }
    }
    rxPos = 0;
    rxLen = 0;
    decoder.reset();
  }

  private byte[] nextPacket(long deadline) throws IOException {
    while (true) {
      while (rxPos < rxLen) {
        try {
          byte[] packet = decoder.feed(rx[rxPos++]);
          if (packet != null) {
            return packet;
          }
        } catch (SlipFramingException e) {
          // resynchronise on the next delimiter
        }
      }
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        return null;
      }
      rxPos = 0;
      try {
        rxLen = port.read(rx, 0, rx.length, Duration.ofNanos(remaining));
      } catch (PortDisconnectedException e) {
        rxLen = 0;
        throw e;
      }
    }
  }

  private static String millis(Duration d) {
    return d.toMillis() >= 1000 && d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }
}
