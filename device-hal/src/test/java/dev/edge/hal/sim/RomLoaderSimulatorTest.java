package dev.edge.hal.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edge.hal.esp.CommandFailedException;
import dev.edge.hal.esp.CommandPacket;
import dev.edge.hal.esp.Connector;
import dev.edge.hal.esp.Esp8266;
import dev.edge.hal.esp.EspLoader;
import dev.edge.hal.esp.LoaderTimeouts;
import dev.edge.hal.esp.Opcode;
import dev.edge.hal.esp.Response;
import dev.edge.hal.esp.RomError;
import dev.edge.hal.esp.UnsupportedCommandException;
import dev.edge.hal.reset.BeforeMode;
import dev.edge.hal.serial.SerialPort;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulator speaks the ROM loader protocol as a real ESP8266 does, quirks included. */
class RomLoaderSimulatorTest {
  private static final SimulatorConfig FAST = SimulatorConfig.defaults().withTiming(Timing.FAST).withSeed(3);

  private static EspLoader connect(SerialPort port) throws Exception {
    return new Connector(Esp8266.INSTANCE, BeforeMode.dtrRtsSequence(), m -> { }).connect(port);
  }

  @Test
  void syncIsAnsweredEightTimesWithANonZeroRomValue() throws Exception {
    try (SimulatedBoard board = SimulatedBoard.start(FAST); SerialPort port = board.openPort()) {
      EspLoader loader = connect(port);
      assertTrue(loader.romDetected());
      byte[] sync = new byte[36];
      sync[0] = 7;
      sync[1] = 7;
      sync[2] = 0x12;
      sync[3] = 0x20;
      Arrays.fill(sync, 4, 36, (byte) 0x55);
      loader.send(Opcode.SYNC, sync, 0);
      int replies = 0;
      try {
        while (true) {
          Response r = loader.await(Opcode.SYNC, LoaderTimeouts.SYNC);
          assertEquals(0x20120707L, r.value());
          replies++;
        }
      } catch (dev.edge.hal.esp.NoResponseException done) {
        assertEquals(8, replies);
      }
    }
  }

  @Test
  void commandsTheRomLacksGetError0x05() throws Exception {
    try (SimulatedBoard board = SimulatedBoard.start(FAST); SerialPort port = board.openPort()) {
      EspLoader loader = connect(port);
      for (int op : new int[] {Opcode.CHANGE_BAUDRATE, Opcode.SPI_FLASH_MD5, Opcode.FLASH_DEFL_BEGIN,
          Opcode.GET_SECURITY_INFO, Opcode.READ_FLASH, Opcode.SPI_ATTACH}) {
        UnsupportedCommandException e = assertThrows(UnsupportedCommandException.class,
            () -> loader.command(op, CommandPacket.words(0, 0), 0, LoaderTimeouts.DEFAULT));
        assertEquals(RomError.INVALID_MESSAGE, e.errorCode());
      }
      assertEquals(Esp8266.MAGIC_VALUE, loader.readRegister(Esp8266.MAGIC_REGISTER), "still in sync afterwards");
    }
  }

  @Test
  void aCorruptedDataBlockFailsItsChecksum() throws Exception {
    try (SimulatedBoard board = SimulatedBoard.start(FAST); SerialPort port = board.openPort()) {
      EspLoader loader = connect(port);
      loader.flashBegin(0x400, 0x20000);
      byte[] block = new byte[0x400];
      CommandFailedException e = assertThrows(CommandFailedException.class, () -> loader.command(Opcode.FLASH_DATA,
          CommandPacket.dataPayload(block, 0), CommandPacket.checksum(block, 0, block.length) ^ 1,
          LoaderTimeouts.DEFAULT));
      assertEquals(RomError.INVALID_CRC, e.errorCode());
    }
  }

  @Test
  void memCommandsLoadRamThatReadRegReadsBack() throws Exception {
    try (SimulatedBoard board = SimulatedBoard.start(FAST); SerialPort port = board.openPort()) {
      EspLoader loader = connect(port);
      byte[] code = new byte[Esp8266.RAM_BLOCK + 100];
      new Random(6).nextBytes(code);
      long address = 0x40100000L;
      loader.memBegin(code.length, 2, Esp8266.RAM_BLOCK, address);
      loader.memData(Arrays.copyOfRange(code, 0, Esp8266.RAM_BLOCK), 0);
      loader.memData(Arrays.copyOfRange(code, Esp8266.RAM_BLOCK, code.length), 1);
      assertTrue(loader.memEnd(0), "no entry point: the ROM stays and answers");
      for (int at : new int[] {0, 4, Esp8266.RAM_BLOCK, code.length - 4}) {
        long expected = (code[at] & 0xFFL) | (code[at + 1] & 0xFFL) << 8 | (code[at + 2] & 0xFFL) << 16
            | (code[at + 3] & 0xFFL) << 24;
        assertEquals(expected, loader.readRegister(address + at));
      }
    }
  }

  @Test
  void romEraseBugCorruptsNeighboursWithoutTheWorkaround() throws Exception {
    byte[] neighbour = new byte[0x1000];
    new Random(9).nextBytes(neighbour);
    for (boolean workaround : new boolean[] {false, true}) {
      try (SimulatedBoard board = SimulatedBoard.start(FAST); SerialPort port = board.openPort()) {
        EspLoader loader = connect(port);
        writeRegion(loader, 0x17000, neighbour, true);
        byte[] region = new byte[0x3000];
        Arrays.fill(region, (byte) 0x5A);
        writeRegion(loader, 0x13000, region, workaround); // 3 sectors from sector 3 of the block
        assertArrayEquals(region, board.chip().readFlash(0x13000, region.length));
        // 3 sectors in the head of a block: even the workaround erases 4 (0x13000-0x17000), the raw size 6
        boolean intact = Arrays.equals(neighbour, board.chip().readFlash(0x17000, neighbour.length));
        assertEquals(workaround, intact, workaround ? "esptool's erase size keeps the neighbour"
            : "the raw size makes the ROM erase 6 sectors and wipe the neighbour");
        assertEquals(workaround ? 2 + 4 : 2 + 6, board.chip().erasedSectors()); // a lone sector costs 2 too
      }
    }
  }

  private static void writeRegion(EspLoader loader, int offset, byte[] data, boolean workaround) throws Exception {
    if (workaround) {
      loader.flashBegin(data.length, offset);
    } else {
      loader.flashBeginRaw(data.length, data.length / 0x400, 0x400, offset, LoaderTimeouts.DEFAULT);
    }
    for (int seq = 0; seq < data.length / 0x400; seq++) {
      loader.flashBlock(Arrays.copyOfRange(data, seq * 0x400, (seq + 1) * 0x400), seq);
    }
  }

  @Test
  void writingOverUnerasedFlashReportsAWriteError() throws Exception {
    try (SimulatedBoard board = SimulatedBoard.start(FAST); SerialPort port = board.openPort()) {
      EspLoader loader = connect(port);
      byte[] zeros = new byte[0x400];
      writeRegion(loader, 0x30000, zeros, true);
      loader.flashBeginRaw(0, 1, 0x400, 0x30000, LoaderTimeouts.DEFAULT); // no erase this time
      byte[] ones = new byte[0x400];
      Arrays.fill(ones, (byte) 0x0F);
      CommandFailedException e = assertThrows(CommandFailedException.class, () -> loader.command(
          Opcode.FLASH_DATA, CommandPacket.dataPayload(ones, 0), CommandPacket.checksum(ones, 0, 0x400),
          LoaderTimeouts.DEFAULT));
      assertEquals(RomError.FLASH_WRITE_ERROR, e.errorCode());
      assertArrayEquals(zeros, board.chip().readFlash(0x30000, 0x400), "NOR bits only ever go from 1 to 0");
    }
  }

  @Test
  void aFreshFlashFileIsAllErasedAndAWrongSizedOneIsRefused(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("flash.bin");
    try (SimFlash flash = SimFlash.persistent(file, 1 << 20)) {
      byte[] all = flash.read(0, 1 << 20);
      for (byte b : all) {
        assertEquals((byte) 0xFF, b);
      }
    }
    assertEquals(1 << 20, Files.size(file));
    java.io.IOException e = assertThrows(java.io.IOException.class, () -> SimFlash.persistent(file, 4 << 20));
    assertTrue(e.getMessage().contains("--flash-size 1024KB"), e.getMessage());
  }

  @Test
  void simulatorArgumentsAreValidated() {
    SimulatorArgs args = SimulatorArgs.parse("--link", "/tmp/x", "--flash-size", "2MB", "--baud", "460800",
        "--mac", "aa:bb:cc:dd:ee:ff", "--fault-rate", "0.01", "--timing", "fast");
    assertEquals(2L << 20, args.config().flashSize());
    assertEquals(460800, args.config().baud());
    assertEquals(Timing.FAST, args.config().timing());
    assertThrows(IllegalArgumentException.class, () -> SimulatorArgs.parse("--flash-size", "3MB", "--link", "x"));
    assertThrows(IllegalArgumentException.class, () -> SimulatorArgs.parse("--link", "x", "--fault-rate", "2"));
    assertThrows(IllegalArgumentException.class, () -> SimulatorArgs.parse("--link", "x", "--mac", "01:02"));
    assertThrows(IllegalArgumentException.class, () -> SimulatorArgs.parse("--flash", "f"));
    assertFalse(SimulatorArgs.parse("--link", "x").config().esp8285());
  }

  @Test
  void theLinkIsReplacedOnlyWhenStale(@TempDir Path dir) throws Exception {
    Path link = dir.resolve("tty");
    try (Esp8266Simulator sim = Esp8266Simulator.onPty(FAST, link, m -> { })) {
      assertEquals(Path.of(sim.portPath()), Files.readSymbolicLink(link));
      assertThrows(java.io.IOException.class, () -> Esp8266Simulator.onPty(FAST, link, m -> { }));
    }
    assertFalse(Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS), "link removed on close");
    Files.createSymbolicLink(link, Path.of("/dev/pts/999999"));
    try (Esp8266Simulator sim = Esp8266Simulator.onPty(FAST, link, m -> { })) {
      assertEquals(Path.of(sim.portPath()), Files.readSymbolicLink(link));
    }
    Duration.ZERO.isZero();
  }
}
