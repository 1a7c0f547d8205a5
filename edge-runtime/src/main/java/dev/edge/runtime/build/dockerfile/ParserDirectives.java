package dev.edge.runtime.build.dockerfile;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parser directives of a Dockerfile ({@code # escape=`}, {@code # syntax=...}). Docker reads
 * them only before the first blank line, ordinary comment or instruction.
 */
public record ParserDirectives(char escape, String syntax, String check) {
  public static final char DEFAULT_ESCAPE = '\\';
  private static final Pattern DIRECTIVE =
      Pattern.compile("^#\\s*([a-zA-Z][a-zA-Z0-9]*)\\s*=\\s*(.+?)\\s*$");

  public static ParserDirectives defaults() {
    return new ParserDirectives(DEFAULT_ESCAPE, null, null);
  }

  /** Reads directives while they last; tracks where they end. */
  static final class Reader {
    private char escape = DEFAULT_ESCAPE;
    private String syntax;
    private String check;
    private boolean seenEscape;
    private boolean done;

    /** Consumes {@code line} if it is a directive; any other line ends the directives. */
    boolean offer(String line) throws InstructionException {
      if (done) {
        return false;
      }
      Matcher m = DIRECTIVE.matcher(line);
      if (!m.matches()) {
        done = true;
        return false;
      }
      String name = m.group(1).toLowerCase(Locale.ROOT);
      String value = m.group(2);
      switch (name) {
        case "escape" -> {
          if (seenEscape) {
            throw new InstructionException("only one escape parser directive can be used");
          }
          if (!value.equals("`") && !value.equals("\\")) {
            throw new InstructionException("invalid escape token '" + value
                + "' does not match ` or \\");
          }
          seenEscape = true;
          escape = value.charAt(0);
        }
        case "syntax" -> {
          if (syntax != null) {
            throw new InstructionException("only one syntax parser directive can be used");
          }
          syntax = value;
        }
        case "check" -> {
          if (check != null) {
            throw new InstructionException("only one check parser directive can be used");
          }
          check = value;
        }
        default -> {
          // Docker treats an unknown directive as a comment, which ends the directives.
          done = true;
          return false;
        }
      }
      return true;
    }

    void end() {
      done = true;
    }

    ParserDirectives result() {
      return new ParserDirectives(escape, syntax, check);
    }
  }
}
