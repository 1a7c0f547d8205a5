package dev.edge.runtime.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * A daemon event in Docker's format ({@code GET /events}), with the legacy {@code status/id/from}
 * fields that older clients still read.
 */
public record Event(
    @JsonProperty("Type") String type,
    @JsonProperty("Action") String action,
    @JsonProperty("Actor") Actor actor,
    @JsonProperty("scope") String scope,
    @JsonProperty("time") long time,
    @JsonProperty("timeNano") long timeNano,
    @JsonProperty("status") String status,
    @JsonProperty("id") String id,
    @JsonProperty("from") String from) {

  /** What the event is about. */
  public record Actor(
      @JsonProperty("ID") String id, @JsonProperty("Attributes") Map<String, String> attributes) {}

  public static Event of(String type, String action, String actorId, Map<String, String> attributes,
      long timeNano) {
    boolean legacy = type.equals("container") || type.equals("image");
    String from = type.equals("container") ? attributes.get("image") : null;
    return new Event(type, action, new Actor(actorId, Map.copyOf(attributes)), "local",
        timeNano / 1_000_000_000L, timeNano, legacy ? action : null, legacy ? actorId : null, from);
  }
}
