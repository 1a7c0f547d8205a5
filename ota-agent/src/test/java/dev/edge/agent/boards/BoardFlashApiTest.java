package dev.edge.agent.boards;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edge.hal.board.BoardDiscovery;
import dev.edge.hal.serial.PosixSerialPort;
import dev.edge.hal.sim.Esp8266Simulator;
import dev.edge.hal.sim.SimulatorConfig;
import dev.edge.hal.sim.Timing;
import dev.edge.runtime.api.ApiServer;
import dev.edge.runtime.api.HostAddress;
import dev.edge.runtime.api.Router;
import dev.edge.runtime.json.Json;
import java.io.ByteArrayOutputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The flash and probe endpoints on the daemon's real API server, flashing the board simulator over a pty. */
class BoardFlashApiTest {
  @TempDir Path dir;
  private ApiServer server;
  private Esp8266Simulator sim;
  private Path socket;
  private Path link;
  private BoardFlashing flashing;

  @BeforeEach
  void start() throws Exception {
    link = dir.resolve("ttySIM0");
    sim = Esp8266Simulator.onPty(SimulatorConfig.defaults().withTiming(Timing.FAST).withSeed(1), link, m -> { });
    Router router = new Router();
    flashing = BoardFlashApi.systemFlashing(BoardDiscovery.system());
    new BoardFlashApi(flashing).register(router);
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
  void flashStreamsProgressAndWritesTheImage() throws Exception {
    byte[] image = new byte[40_000];
    new Random(3).nextBytes(image);
    Map<String, Object> body = Map.of("Port", link.toString(), "Regions", List.of(Map.of("Name", "app.bin",
        "Address", 0x10000, "Data", Base64.getEncoder().encodeToString(image))));
    Reply r = post("/edge/v1/boards/ttySIM0/flash", body);
    assertEquals(200, r.status, r.body);
    List<JsonNode> lines = r.jsonLines();
    assertEquals("Connecting", lines.get(0).path("Status").asText());
    JsonNode connected = find(lines, "Connected");
    assertEquals("ESP8266EX", connected.path("Chip").asText());
    assertEquals("18:fe:34:a1:b2:c3", connected.path("Mac").asText());
    assertEquals(4 << 20, connected.path("FlashSize").asLong());
    JsonNode wrote = find(lines, "Wrote");
    assertTrue(wrote.path("Summary").asText().startsWith("Wrote 40000 bytes at 0x00010000 in "), wrote.toString());
    assertEquals("not reset (no reset lines)", find(lines, "Done").path("After").asText());
    assertTrue(lines.stream().anyMatch(l -> l.path("Warning").asText().contains("no reset lines")));
    assertArrayEquals(image, sim.readFlash(0x10000, image.length));
  }

  @Test
  void aCorruptImageAtAddressZeroEndsTheStreamWithAnError() throws Exception {
    Map<String, Object> body = Map.of("Port", link.toString(), "Regions", List.of(Map.of("Name", "bad.bin",
        "Address", 0, "Data", Base64.getEncoder().encodeToString(new byte[] {(byte) 0xE9, 9, 9, 9}))));
    Reply r = post("/edge/v1/boards/ttySIM0/flash", body);
    assertEquals(200, r.status);
    JsonNode last = r.jsonLines().get(r.jsonLines().size() - 1);
    assertTrue(last.path("error").asText().contains("refusing to flash bad.bin@0x0"), last.toString());
    assertTrue(last.path("error").asText().contains("--force"), last.toString());
  }

  @Test
  void aBusyPortIsAConflict() throws Exception {
    try (PosixSerialPort held = PosixSerialPort.open(link.toString())) {
      Reply r = post("/edge/v1/boards/ttySIM0/flash", Map.of("Port", link.toString(), "Regions",
          List.of(Map.of("Name", "a", "Address", 0x1000, "Data", "AAAA"))));
      assertEquals(409, r.status, r.body);
      assertTrue(r.body.contains("busy"), r.body);
    }
  }

  @Test
  void aBoardAJobHoldsIsAConflictNamingTheJob() throws Exception {
    try (BoardLocks.Held held = flashing.locks().acquire(link.toString(), "ota-7", m -> { })) {
      Reply r = post("/edge/v1/boards/ttySIM0/flash", Map.of("Port", link.toString(), "Regions",
          List.of(Map.of("Name", "a", "Address", 0x1000, "Data", "AAAA"))));
      assertEquals(409, r.status, r.body);
      assertTrue(r.body.contains("job ota-7 has it"), r.body);
      assertEquals(409, post("/edge/v1/boards/ttySIM0/probe", Map.of("Port", link.toString())).status);
    }
    assertEquals(200, post("/edge/v1/boards/ttySIM0/probe", Map.of("Port", link.toString())).status,
        "free again once the job let go");
  }

  @Test
  void badRequestsAreRefusedBeforeTouchingTheBoard() throws Exception {
    assertEquals(400, post("/edge/v1/boards/ttySIM0/flash", Map.of("Port", link.toString())).status);
    assertEquals(400, post("/edge/v1/boards/ttySIM0/flash", Map.of("Port", link.toString(), "Before", "sideways",
        "Regions", List.of(Map.of("Name", "a", "Address", 0, "Data", "AAAA")))).status);
    assertEquals(404, post("/edge/v1/boards/ttyNOPE9/flash", Map.of("Regions",
        List.of(Map.of("Name", "a", "Address", 0, "Data", "AAAA")))).status);
  }

  @Test
  void probeReportsChipMacAndFlashSize() throws Exception {
    Reply r = post("/edge/v1/boards/ttySIM0/probe", Map.of("Port", link.toString()));
    assertEquals(200, r.status, r.body);
    JsonNode j = Json.mapper().readTree(r.body);
    assertEquals("ESP8266EX", j.path("Chip").asText());
    assertEquals("18:fe:34:a1:b2:c3", j.path("Mac").asText());
    assertEquals(4 << 20, j.path("FlashSize").asLong());
  }

  private static JsonNode find(List<JsonNode> lines, String status) {
    return lines.stream().filter(l -> l.path("Status").asText().equals(status)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + status + " in " + lines));
  }

  private record Reply(int status, String body) {
    List<JsonNode> jsonLines() throws Exception {
      List<JsonNode> out = new ArrayList<>();
      for (String line : body.split("\r?\n")) {
        if (!line.isBlank()) {
          out.add(Json.mapper().readTree(line));
        }
      }
      return out;
    }
  }

  /** A minimal HTTP/1.1 POST over the daemon's Unix socket (Connection: close, chunked bodies decoded). */
  private Reply post(String path, Object json) throws Exception {
    byte[] body = Json.mapper().writeValueAsBytes(json);
    try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
      String head = "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
          + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
      ch.write(ByteBuffer.wrap(head.getBytes(StandardCharsets.US_ASCII)));
      ch.write(ByteBuffer.wrap(body));
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      ByteBuffer buf = ByteBuffer.allocate(65536);
      while (ch.read(buf) >= 0) {
        buf.flip();
        all.write(buf.array(), 0, buf.limit());
        buf.clear();
      }
      String text = all.toString(StandardCharsets.UTF_8);
      int split = text.indexOf("\r\n\r\n");
      String headers = text.substring(0, split);
      String rest = text.substring(split + 4);
      int status = Integer.parseInt(headers.split(" ")[1]);
      if (headers.toLowerCase().contains("transfer-encoding: chunked")) {
        StringBuilder sb = new StringBuilder();
        int pos = 0;
        while (true) {
          int eol = rest.indexOf("\r\n", pos);
          int size = Integer.parseInt(rest.substring(pos, eol).trim(), 16);
          if (size == 0) {
            break;
          }
          sb.append(rest, eol + 2, eol + 2 + size);
          pos = eol + 2 + size + 2;
        }
        rest = sb.toString();
      }
      return new Reply(status, rest);
    }
  }
}
