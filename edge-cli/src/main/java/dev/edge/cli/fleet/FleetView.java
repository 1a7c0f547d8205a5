package dev.edge.cli.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.edge.agent.fleet.FleetTopics;
import dev.edge.runtime.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The fleet as its retained topics tell it: per gateway, {@code state} ({@code {"state":"online"}}, the Last
 * Will's {@code offline}, or a bare word), the attached boards ({@code boards/<b>}; an empty message means the
 * board left) and, if the gateway publishes one, {@code status} ({@code version}, {@code uptimeSeconds}).
 * Reads leniently: a field it does not find is shown as unknown, never an error.
 */
final class FleetView {
  static final String ONLINE = "online";

  private FleetView() {}

  /** One gateway; {@code state} is null when only its boards or status were seen. */
  record Gateway(String id, String state, SortedMap<String, JsonNode> boards, JsonNode status,
                 Optional<Instant> lastSeen) {
    boolean online() {
      return ONLINE.equalsIgnoreCase(state);
    }

    Optional<String> version() {
      JsonNode v = status == null ? null : status.get("version");
      return v == null || v.isNull() || v.asText().isEmpty() ? Optional.empty() : Optional.of(v.asText());
    }

    Optional<Long> uptimeSeconds() {
      JsonNode v = status == null ? null : status.has("uptimeSeconds") ? status.get("uptimeSeconds")
          : status.get("uptime");
      return v != null && v.isNumber() ? Optional.of(v.asLong()) : Optional.empty();
    }
  }

  /** The gateways in {@code retained} (topic to payload), by id. */
  static SortedMap<String, Gateway> of(Map<String, byte[]> retained) {
    SortedMap<String, Builder> builders = new TreeMap<>();
    for (Map.Entry<String, byte[]> m : retained.entrySet()) {
      Optional<String> gw = FleetTopics.gatewayOf(m.getKey());
      if (gw.isEmpty() || m.getValue().length == 0) {
        continue;
      }
      String rest = m.getKey().substring(FleetTopics.ROOT.length() + 1 + gw.get().length());
      Builder b = builders.computeIfAbsent(gw.get(), k -> new Builder());
      JsonNode payload = parse(m.getValue());
      if (rest.equals("/state")) {
        b.state = payload.isObject() ? textOrNull(payload.get("state")) : payload.asText().trim();
        b.seen(payload);
      } else if (rest.equals("/status")) {
        b.status = payload;
        b.seen(payload);
      } else if (rest.startsWith("/boards/") && rest.indexOf('/', "/boards/".length()) < 0) {
        b.boards.put(rest.substring("/boards/".length()), payload);
      }
    }
    SortedMap<String, Gateway> gateways = new TreeMap<>();
    builders.forEach((id, b) -> gateways.put(id, new Gateway(id, b.state, b.boards, b.status,
        Optional.ofNullable(b.lastSeen))));
    return gateways;
  }

  /** JSON when it is JSON, else the text (a retained state may be a bare {@code online}). */
  private static JsonNode parse(byte[] payload) {
    try {
      JsonNode n = Json.mapper().readTree(payload);
      if (n != null && !n.isMissingNode()) {
        return n;
      }
    } catch (IOException e) {
      // not JSON: the text itself
    }
    return TextNode.valueOf(new String(payload, StandardCharsets.UTF_8));
  }

  private static String textOrNull(JsonNode n) {
    return n == null || n.isNull() ? null : n.asText();
  }

  /** {@code time} or {@code timestamp}: an ISO-8601 instant or milliseconds since the epoch. */
  static Optional<Instant> time(JsonNode payload) {
    for (String field : new String[] {"time", "timestamp"}) {
      JsonNode t = payload.get(field);
      if (t == null) {
        continue;
      }
      if (t.isNumber()) {
        return Optional.of(Instant.ofEpochMilli(t.asLong()));
      }
      try {
        return Optional.of(Instant.parse(t.asText()));
      } catch (DateTimeParseException e) {
        // an unreadable time is as good as none
      }
    }
    return Optional.empty();
  }

  private static final class Builder {
    final SortedMap<String, JsonNode> boards = new TreeMap<>();
    String state;
    JsonNode status;
    Instant lastSeen;

    void seen(JsonNode payload) {
      Optional<Instant> t = time(payload);
      if (t.isPresent() && (lastSeen == null || t.get().isAfter(lastSeen))) {
        lastSeen = t.get();
      }
    }
  }
}
