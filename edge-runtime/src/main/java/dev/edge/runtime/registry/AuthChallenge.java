package dev.edge.runtime.registry;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A {@code WWW-Authenticate} challenge (RFC 7235): {@code Bearer realm="…",service="…",scope="…"}
 * or {@code Basic realm="…"}.
 *
 * @param scheme {@code bearer} or {@code basic}, lowercased
 * @param params the auth-params with lowercased names
 */
record AuthChallenge(String scheme, Map<String, String> params) {

  boolean isBearer() {
    return scheme.equals("bearer");
  }

  boolean isBasic() {
    return scheme.equals("basic");
  }

  String realm() {
    return params.get("realm");
  }

  String service() {
    return params.get("service");
  }

  String scope() {
    return params.get("scope");
  }

  AuthChallenge withoutScope() {
    Map<String, String> rest = new LinkedHashMap<>(params);
    rest.remove("scope");
    return new AuthChallenge(scheme, Map.copyOf(rest));
  }

  /** Parses the first challenge of the header; null when it is missing or empty. */
  static AuthChallenge parse(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String s = header.strip();
    int space = s.indexOf(' ');
    String scheme = (space < 0 ? s : s.substring(0, space)).toLowerCase(Locale.ROOT);
    Map<String, String> params = new LinkedHashMap<>();
    int i = space < 0 ? s.length() : space + 1;
    while (i < s.length()) {
      while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == ',')) {
        i++;
      }
      int eq = s.indexOf('=', i);
      if (eq < 0) {
        break; // a token68 or another scheme: not an auth-param list
      }
      String name = s.substring(i, eq).strip().toLowerCase(Locale.ROOT);
      if (name.contains(" ")) {
        break; // the start of a second challenge
      }
      StringBuilder value = new StringBuilder();
      i = eq + 1;
      if (i < s.length() && s.charAt(i) == '"') {
        for (i++; i < s.length() && s.charAt(i) != '"'; i++) {
          if (s.charAt(i) == '\\' && i + 1 < s.length()) {
            i++;
          }
          value.append(s.charAt(i));
        }
        i++; // the closing quote
      } else {
        for (; i < s.length() && s.charAt(i) != ','; i++) {
          value.append(s.charAt(i));
        }
      }
      params.put(name, value.toString().strip());
    }
    return new AuthChallenge(scheme, Map.copyOf(params));
  }
}
