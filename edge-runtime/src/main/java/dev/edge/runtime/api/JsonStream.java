package dev.edge.runtime.api;

import dev.edge.runtime.json.Json;
import java.io.IOException;
import java.io.OutputStream;

/** Writes one JSON document per line and flushes it, as Docker's progress and event streams do. */
public final class JsonStream {
  private final OutputStream out;
  private volatile boolean gone;

  JsonStream(OutputStream out) {
    this.out = out;
  }

  public synchronized void write(Object message) throws IOException {
    out.write(Json.mapper().writeValueAsBytes(message));
    out.write('\r');
    out.write('\n');
    out.flush();
  }

  /**
   * Writes unless the client has gone away: long work (a pull) finishes for the next caller
   * even when this one disconnected.
   */
  public void writeQuietly(Object message) {
    if (gone) {
      return;
    }
    try {
      write(message);
    } catch (IOException e) {
      gone = true;
    }
  }

  /** Docker's in-stream error, for failures after the 200 status went out. */
  public void error(String message) {
    error(message, null);
  }

  /** As {@link #error(String)}, with Docker's {@code errorDetail.code} (a failed RUN's status). */
  public void error(String message, Integer code) {
    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("errorDetail", code == null ? java.util.Map.of("message", message)
        : java.util.Map.of("code", code, "message", message));
    m.put("error", message);
    writeQuietly(m);
  }

  /** A blank line: JSON stream readers skip it, and a write to a vanished client fails. */
  public synchronized void heartbeat() throws IOException {
    out.write('\n');
    out.flush();
  }
}
