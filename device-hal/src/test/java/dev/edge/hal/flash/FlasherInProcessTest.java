package dev.edge.hal.flash;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edge.hal.reset.AfterMode;
import dev.edge.hal.reset.BeforeMode;
import dev.edge.hal.reset.BootloaderReset;
import dev.edge.hal.reset.ClassicReset;
import dev.edge.hal.reset.ResetTimings;
import dev.edge.hal.reset.UnixTightReset;
import dev.edge.hal.serial.LineControl;
import dev.edge.hal.serial.SerialPort;
import dev.edge.hal.sim.Esp8266Simulator;
import dev.edge.hal.sim.SimulatedBoard;
import dev.edge.hal.sim.SimulatorConfig;
import dev.edge.hal.sim.Timing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The flasher against an in-process board that sees every DTR/RTS change, as a NodeMCU's auto-reset does. */
class FlasherInProcessTest {
  private static SimulatorConfig fast() {
    return SimulatorConfig.defaults().withTiming(Timing.FAST).withSeed(5);
  }

  static Stream<BootloaderReset> everyDtrRtsStrategy() {
    return BeforeMode.dtrRtsSequence().stream();
  }

  @ParameterizedTest
  @MethodSource("everyDtrRtsStrategy")
  void eachResetStrategyGetsTheBoardIntoItsBootloader(BootloaderReset strategy) throws Exception {
    byte[] image = TestImages.random(10_000, 3);
    try (SimulatedBoard board = SimulatedBoard.start(fast()); SerialPort port = board.openPort()) {
      awaitState(board, Esp8266Simulator.State.RUNNING); // powered on into its firmware
      new Flasher(List.of(strategy), AfterMode.NO_RESET, null, FlashListener.NONE)
          .flash(port, List.of(new FlashRegion("app.bin@0x40000", 0x40000, image)), FlashSettings.defaults());
      assertArrayEquals(image, board.chip().readFlash(0x40000, image.length));
      assertTrue(board.chip().bootLog().get(board.chip().bootLog().size() - 1).endsWith("boot mode:(1,7)"),
          board.chip().bootLog().toString());
      assertEquals(Esp8266Simulator.State.DOWNLOAD, board.chip().state());
    }
  }

  @Test
  void hardResetAfterFlashingBootsTheNewFirmware() throws Exception {
    byte[] image = TestImages.v1Image(2000, 8);
    try (SimulatedBoard board = SimulatedBoard.start(fast()); SerialPort port = board.openPort()) {
      List<String> done = new ArrayList<>();
      new Flasher(BeforeMode.dtrRtsSequence(), AfterMode.HARD_RESET, null, new FlashListener() {
        @Override
        public void finished(String afterAction) {
          done.add(afterAction);
        }
      }).flash(port, List.of(new FlashRegion("fw.bin@0x0", 0, image)), FlashSettings.defaults());
      awaitState(board, Esp8266Simulator.State.RUNNING);
      List<String> log = board.chip().bootLog();
      assertEquals(" ets Jan  8 2013,rst cause:2, boot mode:(3,6)".trim(), log.get(log.size() - 1));
      assertEquals(List.of("hard reset via RTS"), done);
    }
  }

  @Test
  void softResetLeavesTheLoaderForTheFirmware() throws Exception {
    try (SimulatedBoard board = SimulatedBoard.start(fast()); SerialPort port = board.openPort()) {
      new Flasher(BeforeMode.dtrRtsSequence(), AfterMode.SOFT_RESET, null, FlashListener.NONE)
          .flash(port, List.of(new FlashRegion("d@0x80000", 0x80000, TestImages.random(100, 1))),
              FlashSettings.defaults());
      awaitState(board, Esp8266Simulator.State.RUNNING);
    }
  }

  @Test
  void aSequenceThatReleasesGpio0WithEnBootsTheFirmwareAndConnectExplainsIt() throws Exception {
    // EN pulse through RTS while GPIO0 stays high: the chip boots its firmware and prints its boot log
    BootloaderReset wrong = new BootloaderReset() {
      @Override
      public String name() {
        return "RTS pulse only";
      }

      @Override
      public LineControl enterBootloader(SerialPort port) throws java.io.IOException {
        port.setDtrRts(false, true);
        sleep(ResetTimings.EN_LOW_HOLD);
        port.setDtrRts(false, false);
        sleep(ResetTimings.DEFAULT_RESET_DELAY);
        return LineControl.APPLIED;
      }
    };
    try (SimulatedBoard board = SimulatedBoard.start(fast()); SerialPort port = board.openPort()) {
      FlashException e = assertThrows(FlashException.class,
          () -> new Flasher(List.of(wrong), AfterMode.NO_RESET, null, FlashListener.NONE).flash(port,
              List.of(new FlashRegion("a@0x0", 0, TestImages.v1Image(100, 1))), FlashSettings.defaults()));
      assertTrue(e.getMessage().contains("failed to connect to ESP8266"), e.getMessage());
      assertTrue(e.getMessage().contains("booted its firmware"), e.getMessage());
      assertEquals(Esp8266Simulator.State.RUNNING, board.chip().state());
    }
  }

  @Test
  void anEnPulseShorterThanFiveMillisecondsDoesNotReset() throws Exception {
    try (SimulatedBoard board = SimulatedBoard.start(fast()); SerialPort port = board.openPort()) {
      awaitState(board, Esp8266Simulator.State.RUNNING);
      int boots = board.chip().bootLog().size();
      port.setDtrRts(true, false); // GPIO0 low
      port.setDtrRts(false, true); // EN low, for far less than 5 ms
      port.setDtrRts(true, false);
      sleep(Duration.ofMillis(50));
      port.setDtrRts(false, false);
      assertEquals(boots, board.chip().bootLog().size());
      assertEquals(Esp8266Simulator.State.RUNNING, board.chip().state());
    }
  }

  @Test
  void bootLogIsReadableAt74880BaudAndGarbageAt115200() throws Exception {
    try (SimulatedBoard board = SimulatedBoard.start(fast()); SerialPort port = board.openPort()) {
      awaitState(board, Esp8266Simulator.State.RUNNING);
      port.setBaudRate(74880);
      port.discardInput();
      new ClassicReset(ResetTimings.DEFAULT_RESET_DELAY).enterBootloader(port);
      String text = readText(port);
      assertTrue(text.contains("ets Jan  8 2013,rst cause:2, boot mode:(1,7)"), text);
      assertTrue(text.contains("waiting for host"), text);
      port.setBaudRate(115200);
      new UnixTightReset(ResetTimings.DEFAULT_RESET_DELAY).enterBootloader(port);
      String garbage = readText(port);
      assertTrue(!garbage.isEmpty() && !garbage.contains("ets Jan"), garbage);
    }
  }

  @Test
  void realisticTimingCostsWireTimeAndFlashWork() throws Exception {
    byte[] image = TestImages.random(16 * 1024, 77);
    SimulatorConfig realistic = fast().withTiming(Timing.REALISTIC);
    try (SimulatedBoard board = SimulatedBoard.start(realistic); SerialPort port = board.openPort()) {
      List<RegionSummary> done = new Flasher(List.of(new UnixTightReset(ResetTimings.DEFAULT_RESET_DELAY)),
          AfterMode.NO_RESET, null, FlashListener.NONE)
          .flash(port, List.of(new FlashRegion("a@0x0", 0x10000, image)), FlashSettings.defaults());
      // 4 sector erases, then 16 blocks of ~1060 bytes out and 14 back at 115200 plus the write time each
      double model = 4 * Timing.SECTOR_ERASE.toNanos() / 1e9
          + 16 * (Timing.wireNanos(1024 + 16 + 8 + 2 + 8 + 14, 115200) + Timing.FLASH_WRITE_PER_KIB.toNanos()) / 1e9;
      double took = done.get(0).seconds();
      assertTrue(took >= 0.95 * model && took <= 1.4 * model, "took " + took + " s, model " + model + " s");
      assertArrayEquals(image, board.chip().readFlash(0x10000, image.length));
    }
  }

  static void awaitState(SimulatedBoard board, Esp8266Simulator.State state) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
    while (board.chip().state() != state && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertEquals(state, board.chip().state());
  }

  private static String readText(SerialPort port) throws java.io.IOException {
    StringBuilder sb = new StringBuilder();
    byte[] buf = new byte[256];
    int n;
    while ((n = port.read(buf, 0, buf.length, Duration.ofMillis(100))) > 0) {
      sb.append(new String(buf, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1));
    }
    return sb.toString();
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
