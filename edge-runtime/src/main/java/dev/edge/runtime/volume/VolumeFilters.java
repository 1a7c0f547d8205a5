package dev.edge.runtime.volume;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.edge.runtime.json.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Docker's {@code filters} query for {@code GET /volumes} and {@code POST /volumes/prune}:
 * {@code {"key":["value",…]}} (or the older {@code {"key":{"value":true}}}). Labels must all
 * match; names match by substring; dangling means used by no container.
 */
public final class VolumeFilters {
  private static final Set<String> LIST_KEYS = Set.of("dangling", "driver", "label", "name");
  private static final Set<String> PRUNE_KEYS = Set.of("label", "label!", "all");

  private final Map<String, List<String>> values;

  private VolumeFilters(Map<String, List<String>> values) {
    this.values = values;
  }

  public static VolumeFilters none() {
    return new VolumeFilters(Map.of());
  }

  /** The filters of {@code GET /volumes}; an unknown key is refused as Docker refuses it. */
  public static VolumeFilters forList(String json) {
    return parse(json, LIST_KEYS);
  }

  /** The filters of {@code POST /volumes/prune}. */
  public static VolumeFilters forPrune(String json) {
    return parse(json, PRUNE_KEYS);
  }

  /** Which volumes {@code GET /volumes} shows. */
  public Predicate<Volume> listed(Predicate<String> inUse) {
    Boolean dangling = flag("dangling");
    return v -> (dangling == null || dangling != inUse.test(v.name()))
        && anyOrAbsent("driver", v.driver()::equals)
        && anyOrAbsent("name", v.name()::contains)
        && labelsMatch("label", v.labels());
  }

  /**
   * Which volumes a prune removes: anonymous ones only unless {@code all=true} (API 1.42+),
   * narrowed by {@code label} and {@code label!}.
   */
  public Predicate<Volume> pruned() {
    boolean all = Boolean.TRUE.equals(flag("all"));
    return v -> (all || v.anonymous())
        && labelsMatch("label", v.labels())
        && (!values.containsKey("label!") || !labelsMatch("label!", v.labels()));
  }

  private boolean anyOrAbsent(String key, Predicate<String> test) {
    List<String> wanted = values.get(key);
    return wanted == null || wanted.stream().anyMatch(test);
  }

  private boolean labelsMatch(String key, Map<String, String> labels) {
    for (String filter : values.getOrDefault(key, List.of())) {
      int eq = filter.indexOf('=');
      String k = eq < 0 ? filter : filter.substring(0, eq);
      if (!labels.containsKey(k) || (eq >= 0 && !labels.get(k).equals(filter.substring(eq + 1)))) {
        return false;
      }
    }
    return true;
  }

  private Boolean flag(String key) {
    List<String> v = values.get(key);
    if (v == null || v.isEmpty()) {
      return null;
    }
    String value = v.get(0);
    if (v.size() > 1 || !Set.of("true", "false", "1", "0").contains(value)) {
      throw new IllegalArgumentException("invalid filter '" + key + "=" + String.join(",", v)
          + "'");
    }
    return value.equals("true") || value.equals("1");
  }

  private static VolumeFilters parse(String json, Set<String> allowed) {
    if (json == null || json.isBlank()) {
      return none();
    }
    JsonNode root;
    try {
      root = Json.mapper().readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("invalid filters: " + e.getOriginalMessage());
    }
    if (!root.isObject()) {
      throw new IllegalArgumentException("invalid filters: expected a JSON object");
    }
    Map<String, List<String>> parsed = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!allowed.contains(e.getKey())) {
        throw new IllegalArgumentException("invalid filter '" + e.getKey() + "'");
      }
      List<String> list = new ArrayList<>();
      if (e.getValue().isArray()) {
        e.getValue().forEach(n -> list.add(n.asText()));
      } else if (e.getValue().isObject()) {
        e.getValue().fieldNames().forEachRemaining(list::add);
      } else {
        list.add(e.getValue().asText());
      }
      parsed.put(e.getKey(), List.copyOf(list));
    }
    return new VolumeFilters(parsed);
  }
}
