package dev.edge.cli.device;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edge.cli.client.DaemonClient;
import dev.edge.cli.client.DaemonException;
import dev.edge.runtime.json.Json;
import java.io.PrintWriter;
import java.util.Map;

/** {@code edge boards --probe}: asks the daemon to connect to each likely ESP board and adds what it found. */
final class BoardProbes {
  private BoardProbes() {
  }

  static JsonNode probeAll(DaemonClient client, JsonNode boards, PrintWriter err) {
    ArrayNode out = Json.mapper().createArrayNode();
    for (JsonNode b : boards) {
      ObjectNode row = ((ObjectNode) b).deepCopy();
      if (b.path("LikelyEsp").asBoolean()) {
        try {
          JsonNode found = client.post("/edge/v1/boards/" + b.path("Id").asText() + "/probe", Map.of());
          row.put("Chip", found.path("Chip").asText());
          row.put("Mac", found.path("Mac").asText());
          row.put("ChipId", found.path("ChipId").asLong());
          if (found.has("FlashSize")) {
            row.put("FlashSize", found.path("FlashSize").asLong());
          }
        } catch (DaemonException e) {
          err.println("WARNING: probe " + b.path("Port").asText() + ": " + e.getMessage());
          err.flush();
        }
      }
      out.add(row);
    }
    return out;
  }

  static String size(long bytes) {
    return bytes >= (1 << 20) ? (bytes >> 20) + "MB" : (bytes >> 10) + "KB";
  }
}
