package dev.edge.runtime.build.plan;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code --build-arg K=V} values of one build. A value reaches the build only through an ARG
 * that declares its name, except Docker's predefined proxy arguments; the names never declared are
 * reported as not consumed, as Docker warns.
 */
public final class BuildArgs {
  /** Usable in RUN without an ARG, and kept out of the cache key and history (Docker's list). */
  public static final Set<String> PREDEFINED = Set.of("HTTP_PROXY", "http_proxy", "HTTPS_PROXY",
      "https_proxy", "FTP_PROXY", "ftp_proxy", "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy");
  private final Map<String, String> values;
  private final Set<String> consumed = new TreeSet<>();

  public BuildArgs(Map<String, String> values) {
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** Parses {@code K=V}; a bare {@code K} takes the value of K in {@code environment}. */
  public static Map.Entry<String, String> parse(String arg, Map<String, String> environment) {
    int eq = arg.indexOf('=');
    if (eq == 0) {
      throw new IllegalArgumentException("--build-arg " + arg + ": the name is empty");
    }
    return eq < 0 ? Map.entry(arg, environment.getOrDefault(arg, ""))
        : Map.entry(arg.substring(0, eq), arg.substring(eq + 1));
  }

  /** The value the user gave for a declared name, or null; marks the name as used. */
  String declare(String name) {
    consumed.add(name);
    return values.get(name);
  }

  /** The predefined proxy arguments the user gave, which RUN sees without an ARG. */
  public Map<String, String> predefined() {
    Map<String, String> out = new LinkedHashMap<>();
    values.forEach((k, v) -> {
      if (PREDEFINED.contains(k)) {
        out.put(k, v);
      }
    });
    return out;
  }

  /** Names given with --build-arg that no ARG of the built stages declared. */
  public Set<String> unconsumed() {
    Set<String> out = new TreeSet<>(values.keySet());
    out.removeAll(consumed);
    out.removeAll(PREDEFINED);
    return out;
  }
}
