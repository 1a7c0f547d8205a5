package dev.edge.agent.boards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edge.hal.board.BoardDiscovery;
import dev.edge.runtime.api.ApiServer;
import dev.edge.runtime.api.HostAddress;
import dev.edge.runtime.api.Router;
import dev.edge.runtime.json.Json;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The endpoint on the daemon's real API server, over a Unix socket, backed by a fake sysfs. */
class BoardListApiTest {

  @TempDir Path dir;
  private ApiServer server;

  private Path serve(FakeUsbTree tree) throws Exception {
    Router router = new Router();
    new BoardListApi(new BoardDiscovery(tree.sys, tree.dev)).register(router);
    Path socket = dir.resolve("edge.sock");
    server = new ApiServer(List.of(HostAddress.parse("unix://" + socket)), router, "test");
    server.start();
    return socket;
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void listsTheUsbSerialPortsWithTheirUsbFacts() throws Exception {
    FakeUsbTree tree = new FakeUsbTree(dir.resolve("root"))
        .plug("ttyUSB1", "1-1.4", "1a86", "7523", "USB2.0-Serial", null)
        .plug("ttyUSB0", "1-1.3", "10c4", "ea60", "CP2102", "0001")
        .plug("ttyACM0", "1-1.2", "2341", "0043", "Uno", "85736323");
    Path socket = serve(tree);

    UnixSocketHttp.Response r = UnixSocketHttp.get(socket, BoardListApi.PATH);
    assertEquals(200, r.status(), r.body());
    JsonNode boards = Json.mapper().readTree(r.body());
    assertEquals(3, boards.size());
    assertEquals("ttyACM0", boards.get(0).path("Id").asText());
    JsonNode cp = boards.get(1);
    assertEquals(tree.dev.resolve("ttyUSB0").toString(), cp.path("Port").asText());
    assertEquals(tree.dev.resolve("serial/by-id/usb-CP2102_0001-if00-port0").toString(), cp.path("ById").asText());
    assertEquals("usb", cp.path("Kind").asText());
    assertEquals("10c4:ea60", cp.path("VidPid").asText());
    assertEquals("CP210x", cp.path("Bridge").asText());
    assertTrue(cp.path("LikelyEsp").asBoolean());
    assertEquals("CP2102", cp.path("Product").asText());
    assertEquals("0001", cp.path("Serial").asText());
    assertEquals("1-1.3", cp.path("UsbPath").asText());
    assertTrue(cp.path("Chip").isMissingNode(), "no chip before a probe");
    JsonNode ch340 = boards.get(2);
    assertEquals("CH340", ch340.path("Bridge").asText());
    assertTrue(ch340.path("ById").isMissingNode());
    assertTrue(ch340.path("Serial").isMissingNode());
    assertTrue(boards.get(0).path("Bridge").isMissingNode());
    assertEquals(false, boards.get(0).path("LikelyEsp").asBoolean());
  }

  @Test
  void aMachineWithoutBoardsGivesAnEmptyList() throws Exception {
    Path socket = serve(new FakeUsbTree(dir.resolve("root")));
    UnixSocketHttp.Response r = UnixSocketHttp.get(socket, "/v1.41" + BoardListApi.PATH);
    assertEquals(200, r.status(), r.body());
    assertEquals("[]", r.body().trim());
  }
}
