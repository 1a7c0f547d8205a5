package dev.edge.runtime.build.context;

import java.util.ArrayDeque;
import java.util.Deque;

/** Go's {@code filepath.Clean} on slash-separated, context-relative paths. */
public final class ContextPaths {
  private ContextPaths() {}

  /**
   * {@code ./a//b/../c/} is {@code a/c}; a leading {@code /} is dropped (context paths are
   * relative to its root); the root itself is {@code ""}.
   *
   * @return null when the path climbs above the root ({@code ../x})
   */
  public static String clean(String path) {
    Deque<String> parts = new ArrayDeque<>();
    for (String part : path.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (parts.isEmpty()) {
          return null;
        }
        parts.removeLast();
      } else {
        parts.addLast(part);
      }
    }
    return String.join("/", parts);
  }
}
