package dev.edge.runtime.distribution;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where pull and push report, in Docker's JSON message terms: a status for the whole operation
 * or for one layer (its short id), with optional byte counts.
 */
public interface Progress {
  Progress NONE = message -> { };

  void report(Map<String, Object> message);

  default void status(String status) {
    report(Map.of("status", status));
  }

  default void layer(String id, String status) {
    report(Map.of("status", status, "progressDetail", Map.of(), "id", id));
  }

  default void bytes(String id, String status, long current, long total) {
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("current", current);
    if (total > 0) {
      detail.put("total", total);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", status);
    m.put("progressDetail", detail);
    m.put("id", id);
    report(m);
  }

  default void aux(Map<String, Object> aux) {
    report(Map.of("aux", aux));
  }
}
