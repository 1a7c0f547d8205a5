package dev.edge.runtime.build.dockerfile;

import java.util.ArrayList;
import java.util.List;

/**
 * Docker's word expansion for the instructions that expand variables: {@code $VAR}, {@code ${VAR}},
 * {@code ${VAR:-default}}, {@code ${VAR-default}}, {@code ${VAR:+alt}}, {@code ${VAR+alt}},
 * {@code ${VAR:?message}}; quotes are removed; the escape character makes the next character
 * literal (inside double quotes only before {@code "}, {@code $} and itself); single quotes are
 * literal. Unset variables expand to nothing.
 */
public final class ShellWords {
  private final char escape;

  public ShellWords(char escape) {
    this.escape = escape;
  }

  /** One word: the whole text, quotes removed, whitespace kept (ENV values, WORKDIR, ...). */
  public String word(String text, Variables vars) throws InstructionException {
    return new Run(text, vars).process(false).result.toString();
  }

  /** Whitespace-separated words after expansion (EXPOSE, VOLUME); quoted blanks stay in a word. */
  public List<String> words(String text, Variables vars) throws InstructionException {
    return new Run(text, vars).process(true).words();
  }

  /** Heredoc bodies: only {@code $} expansions and escaped {@code $}; quotes are content. */
  public String heredoc(String text, Variables vars) throws InstructionException {
    Run run = new Run(text, vars);
    StringBuilder out = new StringBuilder();
    while (run.pos < text.length()) {
      char c = text.charAt(run.pos);
      if (c == '$') {
        out.append(run.dollar());
      } else if (c == escape && run.pos + 1 < text.length() && text.charAt(run.pos + 1) == '$') {
        out.append('$');
        run.pos += 2;
      } else {
        out.append(c);
        run.pos++;
      }
    }
    return out.toString();
  }

  /** One pass over one text. */
  private final class Run {
    private final String text;
    private final Variables vars;
    private final StringBuilder result = new StringBuilder();
    private final List<String> words = new ArrayList<>();
    private final StringBuilder word = new StringBuilder();
    private boolean wordStarted;
    private int pos;

    Run(String text, Variables vars) {
      this.text = text;
      this.vars = vars;
    }

    Run process(boolean split) throws InstructionException {
      processUntil((char) 0, split);
      return this;
    }

    List<String> words() {
      endWord();
      return words;
    }

    private String processUntil(char stop, boolean split) throws InstructionException {
      int start = result.length();
      while (pos < text.length()) {
        char c = text.charAt(pos);
        if (stop != 0 && c == stop) {
          pos++;
          return result.substring(start);
        }
        if (c == '\'') {
          raw(singleQuoted());
        } else if (c == '"') {
          raw(doubleQuoted());
        } else if (c == '$') {
          String value = dollar();
          result.append(value);
          if (split) {
            for (char v : value.toCharArray()) {
              plain(v);
            }
          } else {
            word.append(value);
          }
        } else {
          pos++;
          if (c == escape) {
            if (pos >= text.length()) {
              break;
            }
            c = text.charAt(pos++);
            result.append(c);
            word.append(c);
            wordStarted = true;
            continue;
          }
          result.append(c);
          plain(c);
        }
      }
      if (stop != 0) {
        throw new InstructionException("syntax error: missing '}' in " + text);
      }
      return result.substring(start);
    }

    private void raw(String quoted) {
      result.append(quoted);
      word.append(quoted);
      wordStarted = true;
    }

    private void plain(char c) {
      if (Character.isWhitespace(c)) {
        endWord();
      } else {
        word.append(c);
        wordStarted = true;
      }
    }

    private void endWord() {
      if (wordStarted || word.length() > 0) {
        words.add(word.toString());
      }
      word.setLength(0);
      wordStarted = false;
    }

    private String singleQuoted() throws InstructionException {
      int close = text.indexOf('\'', pos + 1);
      if (close < 0) {
        throw new InstructionException(
            "unexpected end of statement while looking for matching single-quote in " + text);
      }
      String value = text.substring(pos + 1, close);
      pos = close + 1;
      return value;
    }

    private String doubleQuoted() throws InstructionException {
      StringBuilder out = new StringBuilder();
      pos++;
      while (pos < text.length()) {
        char c = text.charAt(pos);
        if (c == '"') {
          pos++;
          return out.toString();
        }
        if (c == '$') {
          out.append(dollar());
          continue;
        }
        pos++;
        if (c == escape && pos < text.length()) {
          char n = text.charAt(pos);
          if (n == '"' || n == '$' || n == escape) {
            out.append(n);
            pos++;
            continue;
          }
        }
        out.append(c);
      }
      throw new InstructionException(
          "unexpected end of statement while looking for matching double-quote in " + text);
    }

    /** At a {@code $}: the expansion, or a literal {@code $} when no name follows. */
    String dollar() throws InstructionException {
      pos++;
      if (pos < text.length() && text.charAt(pos) == '{') {
        return braced();
      }
      String name = name();
      if (name.isEmpty()) {
        return "$";
      }
      String value = vars.get(name);
      return value == null ? "" : value;
    }

    private String braced() throws InstructionException {
      pos++;
      if (pos >= text.length()) {
        throw new InstructionException("syntax error: missing '}' in " + text);
      }
      char first = text.charAt(pos);
      if (first == '{' || first == '}' || first == ':') {
        throw new InstructionException("syntax error: bad substitution in " + text);
      }
      String name = name();
      if (name.isEmpty()) {
        throw new InstructionException("syntax error: bad substitution in " + text);
      }
      if (pos >= text.length()) {
        throw new InstructionException("syntax error: missing '}' in " + text);
      }
      String value = vars.get(name);
      char c = text.charAt(pos++);
      if (c == '}') {
        return value == null ? "" : value;
      }
      boolean colon = c == ':';
      if (colon) {
        if (pos >= text.length()) {
          throw new InstructionException("syntax error: missing '}' in " + text);
        }
        c = text.charAt(pos++);
      }
      if (c != '-' && c != '+' && c != '?') {
        throw new InstructionException("unsupported modifier (" + c + ") in substitution " + text);
      }
      String argument = nested();
      boolean set = colon ? value != null && !value.isEmpty() : value != null;
      return switch (c) {
        case '-' -> set ? value : argument;
        case '+' -> set ? argument : "";
        default -> {
          if (!set) {
            throw new InstructionException(name + ": "
                + (argument.isEmpty() ? "is not allowed to be unset" : argument));
          }
          yield value;
        }
      };
    }

    /** The word inside {@code ${NAME:-word}}, itself expanded, up to the closing brace. */
    private String nested() throws InstructionException {
      Run inner = new Run(text, vars);
      inner.pos = pos;
      String value = inner.processUntil('}', false);
      pos = inner.pos;
      return value;
    }

    private String name() {
      int start = pos;
      if (pos < text.length() && Character.isDigit(text.charAt(pos))) {
        pos++;
        return text.substring(start, pos);
      }
      while (pos < text.length()) {
        char c = text.charAt(pos);
        if (!(Character.isLetterOrDigit(c) && c < 128 || c == '_')) {
          break;
        }
        pos++;
      }
      return text.substring(start, pos);
    }
  }
}
