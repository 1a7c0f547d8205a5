package dev.edge.cli.device;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;

/** Turns the daemon's flash progress stream into esptool-like lines. */
final class FlashProgressPrinter {
  private final PrintWriter out;
  private final PrintWriter err;
  private String failure;
  private boolean done;

  FlashProgressPrinter(PrintWriter out, PrintWriter err) {
    this.out = out;
    this.err = err;
  }

  void print(JsonNode line) {
    if (line.hasNonNull("Warning")) {
      err.println("WARNING: " + line.path("Warning").asText());
      err.flush();
      return;
    }
    switch (line.path("Status").asText()) {
      case "Connecting" -> out.println("Connecting to " + line.path("Port").asText() + " at "
          + line.path("Baud").asInt() + " baud...");
      case "Connected" -> {
        out.println("Chip is " + line.path("Chip").asText());
        out.println("MAC: " + line.path("Mac").asText());
        if (line.has("FlashSize")) {
          out.println("Flash size: " + size(line.path("FlashSize").asLong()));
        }
      }
      case "Erasing" -> out.println(String.format("Erasing flash for %s (%d bytes, region %d of %d)...",
          line.path("Region").asText(), line.path("Bytes").asLong(), line.path("Index").asInt(),
          line.path("Count").asInt()));
      case "Erased" -> out.println(String.format("Took %.2fs to erase flash block", line.path("Seconds").asDouble()));
      case "Writing" -> out.println(String.format("Writing at 0x%08x... (%d %%)", line.path("Address").asLong(),
          line.path("Written").asLong() * 100 / Math.max(1, line.path("Total").asLong())));
      case "Wrote" -> out.println(line.path("Summary").asText());
      case "Done" -> {
        done = true;
        out.println("Leaving... " + line.path("After").asText());
      }
      default -> {
      }
    }
    out.flush();
  }

  void fail(String message) {
    failure = message;
  }

  String failure() {
    return failure;
  }

  boolean done() {
    return done;
  }

  private static String size(long bytes) {
    return bytes >= (1 << 20) ? (bytes >> 20) + "MB" : (bytes >> 10) + "KB";
  }
}
