package dev.edge.cli.firmware;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;

/**
 * Prints a job's progress log for people: {@code ==> phase: message} when a phase starts, indented progress
 * and tool output, warnings on stderr, and the percent of long steps every 10 %. Remembers the final event.
 */
final class JobPrinter {
  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean json;
  private JsonNode end;
  private int lastPercentShown = -1;

  JobPrinter(PrintWriter out, PrintWriter err, boolean json) {
    this.out = out;
    this.err = err;
    this.json = json;
  }

  /** The job's summary from the stream's last line, or null when the stream ended early. */
  JsonNode end() {
    return end;
  }

  void accept(JsonNode event) {
    if ("end".equals(event.path("kind").asText())) {
      end = event.path("job");
    }
    if (json) {
      out.println(event);
      out.flush();
      return;
    }
    String message = event.path("message").asText(null);
    switch (event.path("kind").asText()) {
      case "phase" -> {
        lastPercentShown = -1;
        out.println("==> " + event.path("phase").asText() + ": " + message);
      }
      case "progress" -> progress(event, message);
      case "log" -> out.println("  | " + message);
      case "warning" -> {
        err.println("WARNING: " + message);
        err.flush();
      }
      default -> {
      }
    }
    out.flush();
  }

  private void progress(JsonNode event, String message) {
    if (message != null) {
      out.println("    " + message);
      return;
    }
    int percent = event.path("percent").asInt(-1);
    if (percent >= 0 && (percent / 10 > lastPercentShown / 10 || percent == 100 && lastPercentShown < 100)) {
      lastPercentShown = percent;
      JsonNode data = event.path("data");
      out.println(data.has("address") ? String.format("    writing at 0x%08x... (%d %%)",
          data.path("address").asLong(), percent) : "    " + percent + " %");
    }
  }
}
