package dev.edge.runtime.events;

import dev.edge.runtime.api.ApiException;
import dev.edge.runtime.api.QueryFilters;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Docker's event filters. Both wire forms are accepted: {@code {"type":{"container":true}}} and
 * the older {@code {"type":["container"]}}. Values of one key are OR-ed, keys are AND-ed.
 */
public final class EventFilter {
  private static final Set<String> KEYS =
      Set.of("type", "event", "container", "image", "label", "volume", "network", "daemon",
          "scope", "board", "job");

  private final Map<String, Set<String>> wanted;

  private EventFilter(Map<String, Set<String>> wanted) {
    this.wanted = wanted;
  }

  public static EventFilter all() {
    return new EventFilter(Map.of());
  }

  /** Parses the {@code filters} query value; an unknown key is an IllegalArgumentException. */
  public static EventFilter parse(JsonNode filters) {
    try {
      return new EventFilter(QueryFilters.parse(filters, KEYS));
    } catch (ApiException e) {
      throw new IllegalArgumentException(e.getMessage());
    }
  }

  public boolean matches(Event event) {
    for (Map.Entry<String, Set<String>> entry : wanted.entrySet()) {
      if (!matchesKey(entry.getKey(), entry.getValue(), event)) {
        return false;
      }
    }
    return true;
  }

  private static boolean matchesKey(String key, Set<String> values, Event e) {
    Map<String, String> attrs = e.actor().attributes();
    return switch (key) {
      case "type" -> values.contains(e.type());
      case "event" -> values.contains(e.action());
      case "scope" -> values.contains(e.scope());
      case "label" -> values.stream().anyMatch(v -> labelMatches(v, attrs));
      case "container", "volume", "network", "board", "job" ->
          e.type().equals(key)
              && (values.contains(e.actor().id()) || values.contains(attrs.get("name"))
                  || values.stream().anyMatch(v -> v.length() >= 12 && e.actor().id().startsWith(v)));
      case "image" ->
          values.contains(attrs.get("image")) || (e.type().equals("image")
              && (values.contains(e.actor().id()) || values.contains(attrs.get("name"))));
      case "daemon" -> e.type().equals("daemon") && values.contains(e.actor().id());
      default -> false;
    };
  }

  private static boolean labelMatches(String filter, Map<String, String> attrs) {
    int eq = filter.indexOf('=');
    if (eq < 0) {
      return attrs.containsKey(filter);
    }
    return filter.substring(eq + 1).equals(attrs.get(filter.substring(0, eq)));
  }
}
