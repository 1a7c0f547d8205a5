package dev.edge.cli.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.edge.runtime.json.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;

/** The fleet read from retained topics, and {@code fleet ls}'s table and rows of it. */
class FleetViewTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  private static Map<String, byte[]> retained(String... topicsAndPayloads) {
    Map<String, byte[]> m = new LinkedHashMap<>();
    for (int i = 0; i < topicsAndPayloads.length; i += 2) {
      m.put(topicsAndPayloads[i], topicsAndPayloads[i + 1].getBytes(StandardCharsets.UTF_8));
    }
    return m;
  }

  @Test
  void gatewaysHaveTheirStateBoardsAndStatus() {
    SortedMap<String, FleetView.Gateway> fleet = FleetView.of(retained(
        "edge/v1/gw-b/state", "{\"state\":\"offline\",\"time\":\"2026-03-01T11:00:00Z\"}",
        "edge/v1/gw-a/state", "online",
        "edge/v1/gw-a/boards/ttyusb1", "{\"chip\":\"ESP8266EX\"}",
        "edge/v1/gw-a/boards/ttyusb0", "{\"chip\":\"ESP8266EX\"}",
        "edge/v1/gw-a/boards/ttyusb2", "",
        "edge/v1/gw-a/status", "{\"version\":\"0.1.0\",\"uptimeSeconds\":7200}",
        "edge/v1/gw-a/jobs/j1/status", "{\"state\":\"QUEUED\"}"));
    assertEquals(List.of("gw-a", "gw-b"), List.copyOf(fleet.keySet()));
    FleetView.Gateway a = fleet.get("gw-a");
    assertEquals("online", a.state());
    assertEquals(List.of("ttyusb0", "ttyusb1"), List.copyOf(a.boards().keySet()), "an empty message: detached");
    assertEquals("0.1.0", a.version().orElseThrow());

    StringWriter out = new StringWriter();
    LsCommand.table(fleet, NOW).print(new PrintWriter(out, true));
    assertEquals(""
        + "GATEWAY   STATE     BOARDS            VERSION   UPTIME    LAST-SEEN\n"
        + "gw-a      online    ttyusb0,ttyusb1   0.1.0     2 hours   -\n"
        + "gw-b      offline   -                 -         -         About an hour ago\n", out.toString());
  }

  @Test
  void aJsonRowCarriesWhatEachBoardSaid() throws Exception {
    SortedMap<String, FleetView.Gateway> fleet = FleetView.of(retained(
        "edge/v1/gw-a/boards/ttyusb0", "{\"chip\":\"ESP8266EX\"}"));
    Map<String, Object> row = LsCommand.row(fleet.get("gw-a"));
    assertNull(row.get("State"), "boards without a state: still listed");
    assertEquals("{\"Gateway\":\"gw-a\",\"Boards\":{\"ttyusb0\":{\"chip\":\"ESP8266EX\"}}}",
        Json.mapper().writeValueAsString(row), "unknown fields are left out, as in the CLI's other JSON");
  }
}
