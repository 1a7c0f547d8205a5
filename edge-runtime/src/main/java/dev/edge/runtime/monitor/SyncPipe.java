package dev.edge.runtime.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edge.runtime.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * conmon's sync pipe: one JSON line per report, {@code {"data": N, "message": "..."}}. N is the
 * container's pid after a successful create, -1 (or a negative status) with the runtime's error
 * after a failed one, and an exec's exit status at its end.
 */
final class SyncPipe {
  private final BufferedReader reader;

  SyncPipe(InputStream in) {
    this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
  }

  /** The next report, or empty when conmon closed the pipe without one. */
  Optional<Report> next() throws IOException {
    String line;
    while ((line = reader.readLine()) != null) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode json = Json.mapper().readTree(line);
      String message = json.hasNonNull("message") ? json.get("message").asText() : null;
      return Optional.of(new Report(json.path("data").asInt(), message));
    }
    return Optional.empty();
  }

  /** One report. */
  record Report(int data, String message) {}
}
