package dev.edge.runtime.build.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a Dockerfile's physical lines into logical lines by Docker's rules: directives at the top,
 * whole-line comments dropped (also inside a continuation), blank continuation lines skipped, the
 * escape character before the line end joining lines, heredoc bodies read after their line.
 */
final class LineReader {
  private static final Set<String> HEREDOC_INSTRUCTIONS = Set.of("run", "copy", "add");
  private static final Pattern HEREDOC_WORD = Pattern.compile("^(\\d*)<<(-?)([^<]+)$");
  private final String file;
  private final String[] lines;
  private final ParserDirectives.Reader directives = new ParserDirectives.Reader();
  private int next;

  private LineReader(String file, String text) {
    this.file = file;
    String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
    this.lines = body.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].endsWith("\r")) {
        lines[i] = lines[i].substring(0, lines[i].length() - 1);
      }
    }
  }

  /** The result of reading a whole file. */
  record Result(ParserDirectives directives, List<LogicalLine> lines) {}

  static Result read(String file, String text) throws DockerfileException {
    LineReader reader = new LineReader(file, text);
    List<LogicalLine> logical = reader.readAll();
    return new Result(reader.directives.result(), logical);
  }

  private List<LogicalLine> readAll() throws DockerfileException {
    List<LogicalLine> out = new ArrayList<>();
    while (next < lines.length) {
      int start = next + 1;
      String first = stripLeft(lines[next++]);
      try {
        if (directives.offer(first)) {
          continue;
        }
      } catch (InstructionException e) {
        throw e.at(file, start);
      }
      if (isComment(first)) {
        continue;
      }
      directives.end();
      Continued head = trimContinuation(first);
      if (!head.continues && head.text.isEmpty()) {
        continue;
      }
      StringBuilder text = new StringBuilder(head.text);
      boolean continues = head.continues;
      while (continues && next < lines.length) {
        String line = lines[next++];
        if (isComment(stripLeft(line)) || line.isBlank()) {
          continue;
        }
        Continued part = trimContinuation(line);
        text.append(part.text);
        continues = part.continues;
      }
      String joined = text.toString();
      int end = next;
      List<Heredoc> heredocs = heredocs(joined, start);
      out.add(new LogicalLine(start, end, joined, heredocs));
    }
    return out;
  }

  private List<Heredoc> heredocs(String line, int lineNumber) throws DockerfileException {
    String[] split = line.trim().split("\\s+", 2);
    if (split.length < 2 || !HEREDOC_INSTRUCTIONS.contains(split[0].toLowerCase(Locale.ROOT))) {
      return List.of();
    }
    List<Heredoc> docs = new ArrayList<>();
    for (String word : Words.split(split[1], directives.result().escape())) {
      Matcher m = HEREDOC_WORD.matcher(word);
      if (!m.matches()) {
        continue;
      }
      boolean chomp = m.group(2).equals("-");
      String rawName = m.group(3);
      String name = Words.unquote(rawName);
      if (name.isEmpty()) {
        continue;
      }
      docs.add(readBody(name, !name.equals(rawName), chomp, lineNumber));
    }
    return docs;
  }

  private Heredoc readBody(String name, boolean quoted, boolean chomp, int lineNumber)
      throws DockerfileException {
    StringBuilder content = new StringBuilder();
    while (next < lines.length) {
      String line = lines[next++];
      String compared = chomp ? stripLeadingTabs(line) : line;
      if (compared.equals(name)) {
        return new Heredoc(name, content.toString(), !quoted, chomp);
      }
      content.append(compared).append('\n');
    }
    throw new DockerfileException(file, lineNumber, "unterminated heredoc " + name
        + ": no line '" + name + "' before the end of the file");
  }

  private record Continued(String text, boolean continues) {}

  private Continued trimContinuation(String line) {
    int end = line.length();
    while (end > 0 && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t')) {
      end--;
    }
    if (end > 0 && line.charAt(end - 1) == directives.result().escape()) {
      return new Continued(line.substring(0, end - 1), true);
    }
    return new Continued(line, false);
  }

  private static boolean isComment(String leftStripped) {
    return leftStripped.startsWith("#");
  }

  static String stripLeft(String s) {
    int i = 0;
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return s.substring(i);
  }

  private static String stripLeadingTabs(String s) {
    int i = 0;
    while (i < s.length() && s.charAt(i) == '\t') {
      i++;
    }
    return s.substring(i);
  }
}
