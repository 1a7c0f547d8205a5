package dev.edge.cli.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.edge.runtime.json.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Query-string values for the API: encoding, and Docker's {@code filters} JSON from -f flags. */
public final class Query {
  private Query() {}

  public static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /**
   * A name placed in a request path, as the docker CLI places it: slashes, colons and @ stay
   * (image references such as {@code 127.0.0.1:5000/tc@sha256:…}), anything else is escaped.
   */
  public static String path(String name) {
    return encode(name).replace("+", "%20").replace("%2F", "/").replace("%3A", ":")
        .replace("%40", "@");
  }

  /**
   * {@code -f key=value} flags as Docker's {@code filters} parameter,
   * {@code {"key":{"value":true}}}, encoded; empty when there are none.
   */
  public static String filters(List<String> flags) {
    if (flags.isEmpty()) {
      return "";
    }
    Map<String, Map<String, Boolean>> byKey = new LinkedHashMap<>();
    for (String flag : flags) {
      int eq = flag.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("bad format of filter (expected name=value): " + flag);
      }
      byKey.computeIfAbsent(flag.substring(0, eq), k -> new LinkedHashMap<>())
          .put(flag.substring(eq + 1), true);
    }
    try {
      return encode(Json.mapper().writeValueAsString(byKey));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
