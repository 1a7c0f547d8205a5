package dev.edge.cli.device;

import dev.edge.cli.CliRun;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edge.agent.boards.BoardFlashApi;
import dev.edge.agent.boards.BoardListApi;
import dev.edge.cli.Main;
import dev.edge.cli.client.DaemonClient;
import dev.edge.hal.board.BoardDiscovery;
import dev.edge.hal.sim.Esp8266Simulator;
import dev.edge.hal.sim.SimulatorConfig;
import dev.edge.hal.sim.Timing;
import dev.edge.runtime.api.ApiServer;
import dev.edge.runtime.api.HostAddress;
import dev.edge.runtime.api.Router;
import dev.edge.runtime.json.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code edge flash} through the daemon's API server to the board simulator on a pty. */
class FlashCommandTest {
  @TempDir Path dir;
  private ApiServer server;
  private Esp8266Simulator sim;
  private Path socket;
  private Path link;
  private Path dev;

  @BeforeEach
  void serve() throws Exception {
    link = dir.resolve("ttySIM0");
    sim = Esp8266Simulator.onPty(SimulatorConfig.defaults().withTiming(Timing.FAST).withSeed(2), link, m -> { });
    Path sys = Files.createDirectories(dir.resolve("sys/class/tty")).getParent().getParent();
    dev = Files.createDirectories(dir.resolve("dev"));
    BoardDiscovery discovery = new BoardDiscovery(sys, dev);
    Router router = new Router();
    new BoardListApi(discovery).register(router);
    new BoardFlashApi(discovery).register(router);
    socket = dir.resolve("edge.sock");
    server = new ApiServer(List.of(HostAddress.parse("unix://" + socket)), router, "test");
    server.start();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    sim.close();
  }

  @Test
  void flashesFilesAtTheirAddressesAndPrintsEsptoolStyleProgress() throws Exception {
    byte[] app = new byte[50_000];
    new Random(1).nextBytes(app);
    Path file = Files.write(dir.resolve("app.bin"), app);
    CliRun r = CliRun.of("-H", "unix://" + socket, "flash", "--port", link.toString(), "--after", "no-reset",
        file + "@0x10000");
    assertEquals(0, r.exit(), r.err() + r.out());
    assertTrue(r.out().contains("Chip is ESP8266EX"), r.out());
    assertTrue(r.out().contains("MAC: 18:fe:34:a1:b2:c3"), r.out());
    assertTrue(r.out().contains("Flash size: 4MB"), r.out());
    assertTrue(r.out().matches("(?s).*Wrote 50000 bytes at 0x00010000 in [0-9.]+ seconds \\([0-9.]+ kbit/s\\).*"),
        r.out());
    assertTrue(r.err().contains("WARNING: ") && r.err().contains("no reset lines"), r.err());
    assertArrayEquals(app, sim.readFlash(0x10000, app.length));
  }

  @Test
  void probeAddsChipMacAndFlashSizeToLikelyEspBoards() throws Exception {
    Files.createSymbolicLink(dev.resolve("ttySIM0"), Path.of(sim.portPath()));
    JsonNode boards = Json.mapper().readTree(
        "[{\"Id\":\"ttySIM0\",\"Port\":\"" + dev.resolve("ttySIM0") + "\",\"LikelyEsp\":true},"
            + "{\"Id\":\"ttyACM0\",\"LikelyEsp\":false}]");
    StringWriter err = new StringWriter();
    try (DaemonClient client = new DaemonClient(
        HostAddress.parse("unix://" + socket))) {
      JsonNode probed = BoardProbes.probeAll(client, boards, new PrintWriter(err));
      assertEquals("ESP8266EX", probed.get(0).path("Chip").asText(), err.toString());
      assertEquals("18:fe:34:a1:b2:c3", probed.get(0).path("Mac").asText());
      assertEquals(4 << 20, probed.get(0).path("FlashSize").asLong());
      assertTrue(probed.get(1).path("Chip").isMissingNode(), "only likely ESP boards are probed");
      StringWriter table = new StringWriter();
      BoardsCommand.table(probed, true).print(new PrintWriter(table));
      assertTrue(table.toString().contains("FLASH") && table.toString().contains("4MB"), table.toString());
    }
  }

  @Test
  void aCorruptImageAtZeroFailsWithTheReason() throws Exception {
    Path file = Files.write(dir.resolve("bad.bin"), new byte[] {(byte) 0xE9, 3, 0, 0, 1, 2, 3, 4});
    CliRun r = CliRun.of("-H", "unix://" + socket, "flash", "--port", link.toString(), file.toString());
    assertEquals(1, r.exit(), r.out());
    assertTrue(r.err().contains("refusing to flash bad.bin@0x0") && r.err().contains("--force"), r.err());
  }

  @Test
  void autoWithoutAnEspBoardSaysWhatToDo() throws Exception {
    Path file = Files.write(dir.resolve("a.bin"), new byte[] {1});
    CliRun r = CliRun.of("-H", "unix://" + socket, "flash", file + "@0x1000");
    assertEquals(1, r.exit(), r.out());
    assertTrue(r.err().contains("no ESP board is attached") && r.err().contains("--port PATH"), r.err());
  }

  @Test
  void badAddressesAndMissingFilesAreUserErrors() throws Exception {
    Path file = Files.write(dir.resolve("a.bin"), new byte[] {1});
    CliRun bad = CliRun.of("-H", "unix://" + socket, "flash", "--port", link.toString(), file + "@nowhere");
    assertTrue(bad.err().contains("is not a flash address"), bad.err());
    CliRun missing = CliRun.of("-H", "unix://" + socket, "flash", "--port", link.toString(), dir.resolve("no.bin") + "@0");
    assertTrue(missing.err().contains("no such file"), missing.err());
  }
}
