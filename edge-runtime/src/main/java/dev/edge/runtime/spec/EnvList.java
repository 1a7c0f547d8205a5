package dev.edge.runtime.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Environment lists of {@code KEY=value} strings, with Docker's override rules. */
public final class EnvList {
  private EnvList() {}

  public static String key(String entry) {
    int eq = entry.indexOf('=');
    return eq < 0 ? entry : entry.substring(0, eq);
  }

  public static Optional<String> get(List<String> env, String key) {
    for (String e : env) {
      if (e.startsWith(key + "=")) {
        return Optional.of(e.substring(key.length() + 1));
      }
    }
    return Optional.empty();
  }

  public static boolean has(List<String> env, String key) {
    return env.stream().anyMatch(e -> key(e).equals(key));
  }

  /**
   * Docker's {@code ReplaceOrAppendEnvValues}: each override replaces the default of the same
   * key in place or is appended; an override without {@code =} removes the key.
   */
  public static List<String> replaceOrAppend(List<String> defaults, List<String> overrides) {
    List<String> result = new ArrayList<>(defaults);
    for (String o : overrides) {
      String k = key(o);
      int at = indexOf(result, k);
      if (!o.contains("=")) {
        if (at >= 0) {
          result.remove(at);
        }
      } else if (at >= 0) {
        result.set(at, o);
      } else {
        result.add(o);
      }
    }
    return result;
  }

  private static int indexOf(List<String> env, String key) {
    for (int i = 0; i < env.size(); i++) {
      if (key(env.get(i)).equals(key)) {
        return i;
      }
    }
    return -1;
  }
}
