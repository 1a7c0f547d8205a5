package dev.edge.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edge.runtime.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The daemon refused a request, or could not be reached. The message is for the user. */
public class DaemonException extends RuntimeException {
  private final int status;

  public DaemonException(String message, Throwable cause) {
    super(message, cause);
    this.status = 0;
  }

  public DaemonException(int status, String message) {
    super(message);
    this.status = status;
  }

  /** The HTTP status the daemon answered with, or 0 when it was never reached. */
  public int status() {
    return status;
  }

  static DaemonException fromResponse(int status, byte[] body) {
    String message;
    try {
      JsonNode json = Json.mapper().readTree(body);
      message = json != null && json.hasNonNull("message") ? json.get("message").asText()
          : new String(body, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      message = new String(body, StandardCharsets.UTF_8).strip();
    }
    return new DaemonException(status, "Error response from daemon: " + message);
  }
}
