package dev.edge.runtime.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.edge.runtime.api.ApiException;
import dev.edge.runtime.api.ApiExchange;
import dev.edge.runtime.api.ApiModule;
import dev.edge.runtime.api.JsonStream;
import dev.edge.runtime.api.Router;
import dev.edge.runtime.json.Json;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/** {@code GET /events}: the event stream, with Docker's since, until and filters. */
public final class EventsApi implements ApiModule {
  /** How often an idle stream sends a blank line, which finds clients that went away. */
  static final long HEARTBEAT_MS = 15_000;

  private final EventBus bus;

  public EventsApi(EventBus bus) {
    this.bus = bus;
  }

  @Override
  public void register(Router router) {
    router.get("/events", this::stream);
  }

  private void stream(ApiExchange ex) throws Exception {
    long since = ex.query("since").map(EventsApi::parseTime).orElse(0L);
    Optional<Long> until = ex.query("until").map(EventsApi::parseTime);
    EventFilter filter = ex.query("filters").map(EventsApi::parseFilter).orElse(EventFilter.all());
    try (EventBus.Subscription sub = bus.subscribe(filter, since)) {
      JsonStream out = ex.jsonStream(200);
      out.heartbeat(); // commit the headers now: the docker CLI waits for them before printing
      while (true) {
        long wait = until.map(u -> Math.max(0, Math.min(HEARTBEAT_MS,
            (u - nowNanos()) / 1_000_000))).orElse(HEARTBEAT_MS);
        Event e = sub.poll(wait);
        if (e != null) {
          if (until.isEmpty() || e.timeNano() < until.get()) {
            out.write(e);
          }
        } else if (until.isPresent() && nowNanos() >= until.get()) {
          return; // replayed history is drained first, as Docker does for a past --until
        } else {
          out.heartbeat();
        }
      }
    }
  }

  private static EventFilter parseFilter(String json) {
    try {
      return EventFilter.parse(Json.mapper().readTree(json));
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest("invalid filters: " + e.getOriginalMessage());
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
  }

  /** Docker's timestamps: seconds, optionally with a fraction ("1600000000.123456789"). */
  static long parseTime(String value) {
    try {
      if (value.contains(".")) {
        String[] parts = value.split("\\.", 2);
        String frac = (parts[1] + "000000000").substring(0, 9);
        return Long.parseLong(parts[0]) * 1_000_000_000L + Long.parseLong(frac);
      }
      return Long.parseLong(value) * 1_000_000_000L;
    } catch (NumberFormatException e) {
      try {
        Instant t = Instant.parse(value);
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
      } catch (java.time.format.DateTimeParseException notIso) {
        throw ApiException.badRequest("invalid timestamp: " + value);
      }
    }
  }

  private static long nowNanos() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }
}
