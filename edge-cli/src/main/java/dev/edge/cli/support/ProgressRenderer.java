package dev.edge.cli.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints Docker's JSON progress stream (pull, push, build) as the docker CLI does: on a terminal
 * one line per layer, redrawn in place; otherwise one line per status change, no bars.
 */
public final class ProgressRenderer {
  private static final int BAR_WIDTH = 50;

  private final PrintWriter out;
  private final boolean terminal;
  private final List<String> ids = new ArrayList<>();
  private final Map<String, String> lastStatus = new HashMap<>();
  private String error;

  public ProgressRenderer(PrintWriter out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  /** True when stdin and stdout are both a terminal, as Java's Console tells. */
  public static boolean isTerminal() {
    return System.console() != null;
  }

  public void accept(JsonNode message) {
    if (message.hasNonNull("errorDetail") || message.hasNonNull("error")) {
      error = message.path("errorDetail").path("message").asText(message.path("error").asText());
      return;
    }
    if (message.hasNonNull("stream")) {
      out.print(message.get("stream").asText());
      out.flush();
      return;
    }
    String status = message.path("status").asText("");
    String id = message.path("id").asText("");
    if (status.isEmpty() && message.has("aux")) {
      return;
    }
    if (id.isEmpty()) {
      out.println(status);
    } else if (terminal) {
      drawLayer(id, status + progress(message));
    } else if (!status.equals(lastStatus.get(id))) {
      out.println(id + ": " + status);
    }
    lastStatus.put(id, status);
    out.flush();
  }

  /** The error the stream ended with, if any. */
  public String error() {
    return error;
  }

  private void drawLayer(String id, String text) {
    int index = ids.indexOf(id);
    if (index < 0) {
      ids.add(id);
      out.println(id + ": " + text);
      return;
    }
    int up = ids.size() - index;
    out.print("\033[" + up + "A\r\033[2K" + id + ": " + text + "\033[" + up + "B\r");
  }

  private static String progress(JsonNode message) {
    JsonNode detail = message.path("progressDetail");
    long current = detail.path("current").asLong(0);
    long total = detail.path("total").asLong(0);
    if (total <= 0) {
      return "";
    }
    int filled = (int) Math.min(BAR_WIDTH, current * BAR_WIDTH / total);
    String bar = "=".repeat(Math.max(0, filled - 1)) + (filled > 0 ? ">" : "")
        + " ".repeat(BAR_WIDTH - filled);
    return " [" + bar + "]  " + dev.edge.cli.system.Units.size(current) + "/"
        + dev.edge.cli.system.Units.size(total);
  }
}
