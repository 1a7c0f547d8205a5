package dev.edge.runtime.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps a method and a path to a handler. Patterns name their parameters as {@code {id}}; a
 * parameter written {@code {name*}} may contain slashes, because image names do
 * ({@code /images/127.0.0.1:5000/tc:1/json}).
 */
public final class Router {
  private static final Pattern PARAM = Pattern.compile("\\{([a-zA-Z]+)(\\*?)}");

  private final List<Route> routes = new ArrayList<>();

  public Router get(String pattern, ApiHandler handler) {
    return add("GET", pattern, handler);
  }

  public Router head(String pattern, ApiHandler handler) {
    return add("HEAD", pattern, handler);
  }

  public Router post(String pattern, ApiHandler handler) {
    return add("POST", pattern, handler);
  }

  public Router put(String pattern, ApiHandler handler) {
    return add("PUT", pattern, handler);
  }

  public Router delete(String pattern, ApiHandler handler) {
    return add("DELETE", pattern, handler);
  }

  public Router add(String method, String pattern, ApiHandler handler) {
    routes.add(Route.compile(method, pattern, handler));
    return this;
  }

  /** The route for this request, or why there is none (404 for the path, 405 for the method). */
  public Match match(String method, String path) {
    boolean pathKnown = false;
    for (Route route : routes) {
      Optional<Map<String, String>> params = route.params(path);
      if (params.isEmpty()) {
        continue;
      }
      pathKnown = true;
      if (route.method.equals(method)) {
        return new Match(route.handler, params.get(), 0);
      }
    }
    return new Match(null, Map.of(), pathKnown ? 405 : 404);
  }

  /** A matched handler with its path parameters, or the status that explains the miss. */
  public record Match(ApiHandler handler, Map<String, String> params, int missStatus) {
    public boolean found() {
      return handler != null;
    }
  }

  private record Route(String method, Pattern regex, List<String> names, ApiHandler handler) {
    static Route compile(String method, String pattern, ApiHandler handler) {
      Matcher m = PARAM.matcher(pattern);
      StringBuilder regex = new StringBuilder();
      List<String> names = new ArrayList<>();
      int last = 0;
      while (m.find()) {
        regex.append(Pattern.quote(pattern.substring(last, m.start())));
        regex.append(m.group(2).isEmpty() ? "([^/]+)" : "(.+)");
        names.add(m.group(1));
        last = m.end();
      }
      regex.append(Pattern.quote(pattern.substring(last)));
      return new Route(method, Pattern.compile(regex.toString()), names, handler);
    }

    Optional<Map<String, String>> params(String path) {
      Matcher m = regex.matcher(path);
      if (!m.matches()) {
        return Optional.empty();
      }
      Map<String, String> values = new LinkedHashMap<>();
      for (int i = 0; i < names.size(); i++) {
        values.put(names.get(i), m.group(i + 1));
      }
      return Optional.of(values);
    }
  }
}
