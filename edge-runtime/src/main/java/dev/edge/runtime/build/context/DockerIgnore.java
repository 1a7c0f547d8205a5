package dev.edge.runtime.build.context;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules of a {@code .dockerignore}: one pattern per line, {@code #} comments, {@code !} for an
 * exception, paths cleaned ({@code ./a}, {@code /a} and {@code a/} are {@code a}). A path is
 * excluded when the last rule matching it or one of its parent directories is not an exception.
 */
public final class DockerIgnore {
  public static final String FILE_NAME = ".dockerignore";
  private final List<Rule> rules;
  private final boolean hasExceptions;

  private record Rule(PathPattern pattern, String cleaned, boolean exception) {}

  private DockerIgnore(List<Rule> rules) {
    this.rules = List.copyOf(rules);
    this.hasExceptions = rules.stream().anyMatch(Rule::exception);
  }

  public static DockerIgnore none() {
    return new DockerIgnore(List.of());
  }

  /** The {@code .dockerignore} at the context's root, or no rules when there is none. */
  public static DockerIgnore of(Path contextRoot) throws IOException {
    Path file = contextRoot.resolve(FILE_NAME);
    if (!Files.isRegularFile(file)) {
      return none();
    }
    return parse(Files.readString(file, StandardCharsets.UTF_8));
  }

  /** @throws IllegalArgumentException naming the line of a malformed pattern */
  public static DockerIgnore parse(String text) {
    List<Rule> rules = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int n = 0; n < lines.length; n++) {
      String line = lines[n];
      if (line.startsWith("#")) {
        continue;
      }
      String pattern = line.trim();
      if (pattern.isEmpty()) {
        continue;
      }
      boolean exception = pattern.startsWith("!");
      if (exception) {
        pattern = pattern.substring(1).trim();
        if (pattern.isEmpty()) {
          throw new IllegalArgumentException(FILE_NAME + ":" + (n + 1)
              + ": illegal exclusion pattern: \"!\"");
        }
      }
      String cleaned = ContextPaths.clean(pattern);
      if (cleaned == null) {
        // Above the root nothing can match; Docker keeps such lines harmlessly too.
        continue;
      }
      try {
        rules.add(new Rule(PathPattern.compile(cleaned.isEmpty() ? "." : cleaned), cleaned,
            exception));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(FILE_NAME + ":" + (n + 1) + ": " + e.getMessage(), e);
      }
    }
    return new DockerIgnore(rules);
  }

  /** True when {@code path} (clean, relative to the context root) is excluded. */
  public boolean excludes(String path) {
    if (path.isEmpty()) {
      return false;
    }
    boolean excluded = false;
    for (Rule rule : rules) {
      if (rule.exception != excluded) {
        continue; // cannot change the outcome
      }
      if (matchesOrParentMatches(rule.pattern, path)) {
        excluded = !rule.exception;
      }
    }
    return excluded;
  }

  private static boolean matchesOrParentMatches(PathPattern pattern, String path) {
    if (pattern.matches(path)) {
      return true;
    }
    for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
      if (pattern.matches(path.substring(0, slash))) {
        return true;
      }
    }
    return false;
  }

  /**
   * True when an excluded directory may still hold an exception (so the walk must enter it):
   * Docker's rule is any exception pattern starting with the directory's path, or any exception
   * using {@code **} or a wildcard in a parent part.
   */
  public boolean mayReinclude(String directory) {
    if (!hasExceptions) {
      return false;
    }
    for (Rule rule : rules) {
      if (rule.exception && (rule.cleaned.startsWith(directory + "/")
          || PathPattern.hasWildcard(rule.cleaned))) {
        return true;
      }
    }
    return false;
  }
}
