package dev.edge.agent.boards;

import static dev.edge.agent.jobs.JobsForTests.awaitDone;
import static dev.edge.agent.jobs.JobsForTests.doc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edge.agent.jobs.Job;
import dev.edge.agent.jobs.JobEngine;
import dev.edge.agent.jobs.JobState;
import dev.edge.hal.board.BoardDiscovery;
import dev.edge.hal.serial.PosixSerialPort;
import dev.edge.hal.sim.Esp8266Simulator;
import dev.edge.hal.sim.SimulatedBoard;
import dev.edge.hal.sim.SimulatorConfig;
import dev.edge.hal.sim.Timing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** board.reset on the in-process simulated board, which sees DTR/RTS, and on a pty, which has none. */
class BoardResetJobTest {
  @TempDir Path dir;

  private static void awaitBoots(Esp8266Simulator chip, int count) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 5_000;
    while (chip.bootLog().size() < count && System.currentTimeMillis() < deadline) {
      Thread.sleep(5);
    }
  }

  @Test
  void theResetPulseRebootsTheBoardIntoItsFirmware() throws Exception {
    Path port = Files.createFile(dir.resolve("ttySIMR")); // the board's node; the opener hands out its line
    try (SimulatedBoard board = SimulatedBoard.start(SimulatorConfig.defaults().withTiming(Timing.FAST));
         JobEngine engine = new JobEngine(dir.resolve("jobs"))) {
      engine.register(new BoardResetJob(new BoardFlashing(BoardDiscovery.system(), (path, baud) -> board.openPort(),
          () -> null)));
      awaitBoots(board.chip(), 1);
      Job job = awaitDone(engine.submit(doc("{'type':'board.reset','board':'" + port + "'}")));
      assertEquals(JobState.SUCCEEDED, job.state(), job.error());
      assertEquals(port.toString(), job.result().get("port"));
      awaitBoots(board.chip(), 2);
      List<String> boots = board.chip().bootLog();
      assertEquals(2, boots.size(), boots.toString());
      assertTrue(boots.get(1).contains("rst cause:2, boot mode:(3,"), boots.get(1)); // external reset, from flash
      assertEquals(Esp8266Simulator.State.RUNNING, board.chip().state());
    }
  }

  @Test
  void aPortWithoutModemLinesCannotResetTheBoard() throws Exception {
    Path link = dir.resolve("ttySIM1");
    try (Esp8266Simulator sim = Esp8266Simulator.onPty(SimulatorConfig.defaults().withTiming(Timing.FAST), link,
        m -> { });
         JobEngine engine = new JobEngine(dir.resolve("jobs"))) {
      engine.register(new BoardResetJob(new BoardFlashing(BoardDiscovery.system(), PosixSerialPort::open,
          () -> null)));
      Job job = awaitDone(engine.submit(doc("{'type':'board.reset','id':'r-1','board':'" + link + "'}")));
      assertEquals(JobState.FAILED, job.state());
      assertEquals("board.reset r-1: " + link + " has no DTR/RTS lines (a pty or a bare UART), so nothing can"
          + " reset the board through it", job.error());
    }
  }

  @Test
  void theBoardFieldIsChecked() throws Exception {
    try (JobEngine engine = new JobEngine(dir.resolve("jobs"))) {
      BoardResetJob reset = new BoardResetJob(null);
      engine.register(reset);
      assertTrue(assertThrows(IllegalArgumentException.class, () -> engine.submit(doc("{'type':'board.reset'}")))
          .getMessage().startsWith("board: missing"));
      assertTrue(assertThrows(IllegalArgumentException.class, () -> engine.submit(doc(
          "{'type':'board.reset','board':'../ttyUSB0'}"))).getMessage().startsWith("board:"));
      assertEquals(Duration.ofSeconds(30), reset.timeout());
    }
  }
}
