package dev.edge.agent.firmware;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The rules of one {@code .gitignore} file, as git reads them (gitignore(5)): {@code #} comments, {@code !}
 * negation, a trailing {@code /} for directories only, a slash at the start or in the middle anchoring the
 * pattern to the file's directory, {@code *}, {@code ?}, {@code [...]} and the three forms of {@code **}.
 */
final class GitIgnore {
  /** One pattern line. */
  private record Rule(Pattern regex, boolean negated, boolean directoryOnly) {}

  private final List<Rule> rules;

  private GitIgnore(List<Rule> rules) {
    this.rules = rules;
  }

  static GitIgnore parse(String text) {
    List<Rule> rules = new ArrayList<>();
    for (String raw : text.split("\r?\n")) {
      String line = stripTrailingSpaces(raw);
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      boolean negated = false;
      if (line.startsWith("!")) {
        negated = true;
        line = line.substring(1);
      } else if (line.startsWith("\\!") || line.startsWith("\\#")) {
        line = line.substring(1);
      }
      boolean directoryOnly = line.endsWith("/");
      if (directoryOnly) {
        line = line.substring(0, line.length() - 1);
      }
      if (line.isEmpty()) {
        continue;
      }
      boolean anchored = line.indexOf('/') >= 0;
      if (line.startsWith("/")) {
        line = line.substring(1);
      }
      String regex = (anchored ? "" : "(?:.*/)?") + translate(line);
      rules.add(new Rule(Pattern.compile(regex, Pattern.DOTALL), negated, directoryOnly));
    }
    return new GitIgnore(rules);
  }

  /**
   * The last rule matching {@code path} (relative to this file's directory, '/'-separated) decides: {@code
   * TRUE} ignored, {@code FALSE} re-included by a negation, null when no rule matches.
   */
  Boolean decide(String path, boolean directory) {
    for (int i = rules.size() - 1; i >= 0; i--) {
      Rule r = rules.get(i);
      if (r.directoryOnly() && !directory) {
        continue;
      }
      if (r.regex().matcher(path).matches()) {
        return !r.negated();
      }
    }
    return null;
  }

  private static String stripTrailingSpaces(String line) {
    int end = line.length();
    while (end > 0 && line.charAt(end - 1) == ' ' && !(end > 1 && line.charAt(end - 2) == '\\')) {
      end--;
    }
    return line.substring(0, end);
  }

  /** Glob to regex; {@code **} forms first, since they may cross directory separators. */
  static String translate(String glob) {
    StringBuilder re = new StringBuilder();
    int i = 0;
    int n = glob.length();
    while (i < n) {
      char c = glob.charAt(i);
      if (c == '*' && i + 1 < n && glob.charAt(i + 1) == '*'
          && (i == 0 || glob.charAt(i - 1) == '/') && (i + 2 == n || glob.charAt(i + 2) == '/')) {
        if (i + 2 == n) {
          re.append(".*"); // "dir/**": everything inside
          i += 2;
        } else {
          re.append("(?:.*/)?"); // "**/x" and "a/**/b": zero or more directories
          i += 3;
        }
        continue;
      }
      switch (c) {
        case '*' -> re.append("[^/]*");
        case '?' -> re.append("[^/]");
        case '[' -> {
          int close = glob.indexOf(']', i + 2);
          if (close < 0) {
            re.append("\\[");
          } else {
            String body = glob.substring(i + 1, close);
            if (body.startsWith("!")) {
              body = "^" + body.substring(1);
            }
            re.append('[').append(body.replace("\\", "\\\\").replace("[", "\\[")).append(']');
            i = close;
          }
        }
        case '\\' -> {
          if (i + 1 < n) {
            re.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
          }
        }
        default -> re.append(Pattern.quote(String.valueOf(c)));
      }
      i++;
    }
    return re.toString();
  }
}
