package dev.edge.runtime.build.context;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A Go {@code filepath.Match} pattern on slash-separated paths, extended with {@code **} (any
 * number of directories, none included) as Docker's .dockerignore and COPY sources take them:
 * {@code *} and {@code ?} never cross a {@code /}, {@code [...]} is a character class, and the
 * escape character {@code \} makes the next character literal.
 */
public final class PathPattern {
  private static final String REGEX_SPECIALS = ".+()|{}$^";
  private final String text;
  private final Pattern regex;

  private PathPattern(String text, Pattern regex) {
    this.text = text;
    this.regex = regex;
  }

  /** @throws IllegalArgumentException for a malformed pattern (e.g. an unclosed {@code [}) */
  public static PathPattern compile(String pattern) {
    StringBuilder re = new StringBuilder("^");
    int i = 0;
    boolean inClass = false;
    while (i < pattern.length()) {
      char c = pattern.charAt(i++);
      if (inClass) {
        if (c == ']') {
          inClass = false;
          re.append(']');
        } else if (c == '\\' && i < pattern.length()) {
          re.append(Pattern.quote(String.valueOf(pattern.charAt(i++))));
        } else if (c == '[' || c == '&') {
          re.append('\\').append(c);
        } else {
          re.append(c);
        }
        continue;
      }
      if (c == '*') {
        if (i < pattern.length() && pattern.charAt(i) == '*') {
          i++;
          if (i < pattern.length() && pattern.charAt(i) == '/') {
            i++;
          }
          re.append(i == pattern.length() ? ".*" : "(.*/)?");
        } else {
          re.append("[^/]*");
        }
      } else if (c == '?') {
        re.append("[^/]");
      } else if (c == '[') {
        inClass = true;
        re.append('[');
        if (i < pattern.length() && pattern.charAt(i) == '^') {
          re.append('^');
          i++;
        }
      } else if (c == '\\') {
        re.append(Pattern.quote(String.valueOf(i < pattern.length() ? pattern.charAt(i++) : c)));
      } else if (REGEX_SPECIALS.indexOf(c) >= 0 || c == ']') {
        re.append('\\').append(c);
      } else {
        re.append(c);
      }
    }
    if (inClass) {
      throw new IllegalArgumentException("syntax error in pattern " + pattern
          + ": unclosed [");
    }
    re.append('$');
    try {
      return new PathPattern(pattern, Pattern.compile(re.toString(), Pattern.DOTALL));
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("syntax error in pattern " + pattern + ": "
          + e.getDescription(), e);
    }
  }

  /** True when {@code text} holds an unescaped {@code *}, {@code ?} or {@code [}. */
  public static boolean hasWildcard(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '*' || c == '?' || c == '[') {
        return true;
      }
    }
    return false;
  }

  public boolean matches(String path) {
    return regex.matcher(path).matches();
  }

  @Override
  public String toString() {
    return text;
  }
}
