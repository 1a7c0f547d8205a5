package dev.edge.runtime.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.edge.runtime.json.Json;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Docker's {@code filters} query parameter, in both wire forms clients send: {@code
 * {"status":{"exited":true}}} (the CLI) and {@code {"status":["exited"]}} (older clients).
 */
public final class QueryFilters {
  private QueryFilters() {}

  /** Key to values; malformed JSON or a key not in {@code allowed} is a 400. */
  public static Map<String, Set<String>> parse(Optional<String> raw, Set<String> allowed) {
    if (raw.isEmpty()) {
      return Map.of();
    }
    try {
      return parse(Json.mapper().readTree(raw.get()), allowed);
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest("invalid filters: " + e.getOriginalMessage());
    }
  }

  public static Map<String, Set<String>> parse(JsonNode filters, Set<String> allowed) {
    Map<String, Set<String>> wanted = new HashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = filters.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (!allowed.contains(field.getKey())) {
        throw ApiException.badRequest("invalid filter '" + field.getKey() + "'");
      }
      Set<String> values = new HashSet<>();
      JsonNode node = field.getValue();
      if (node.isArray()) {
        node.forEach(v -> values.add(v.asText()));
      } else if (node.isObject()) {
        node.fieldNames().forEachRemaining(values::add);
      } else {
        values.add(node.asText());
      }
      wanted.put(field.getKey(), values);
    }
    return wanted;
  }
}
