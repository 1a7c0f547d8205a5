package dev.edge.runtime.api;

import dev.edge.runtime.json.Json;
import java.io.IOException;
import java.io.OutputStream;

/** Writes one JSON document per line and flushes it, as Docker's progress and event streams do. */
public final class JsonStream {
  private final OutputStream out;

  JsonStream(OutputStream out) {
    this.out = out;
  }

  public synchronized void write(Object message) throws IOException {
    out.write(Json.mapper().writeValueAsBytes(message));
    out.write('\r');
    out.write('\n');
    out.flush();
  }

  /** A blank line: JSON stream readers skip it, and a write to a vanished client fails. */
  public synchronized void heartbeat() throws IOException {
    out.write('\n');
    out.flush();
  }
}
