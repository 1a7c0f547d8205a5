package dev.edge.runtime.build.dockerfile;

import java.util.ArrayList;
import java.util.List;

/** ENV and LABEL pairs: Docker's two syntaxes and their expansion. */
final class KeyValues {
  private KeyValues() {}

  /**
   * {@code K=V K2="v 2"} when the first word holds {@code =}; otherwise the legacy {@code K rest
   * of the line}.
   */
  static List<KeyValue> parse(String keyword, String rest, char escape)
      throws InstructionException {
    List<String> words = Words.split(rest, escape);
    if (words.isEmpty()) {
      throw new InstructionException(keyword + " requires at least one argument");
    }
    List<KeyValue> pairs = new ArrayList<>();
    if (!words.get(0).contains("=")) {
      String[] parts = rest.trim().split("\\s+", 2);
      if (parts.length < 2) {
        throw new InstructionException(keyword + " must have two arguments");
      }
      pairs.add(new KeyValue(parts[0], parts[1]));
      return pairs;
    }
    for (String word : words) {
      int eq = word.indexOf('=');
      if (eq < 0) {
        throw new InstructionException("Syntax error - can't find = in \"" + word
            + "\". Must be of the form: name=value");
      }
      pairs.add(new KeyValue(word.substring(0, eq), word.substring(eq + 1)));
    }
    return pairs;
  }

  static List<KeyValue> expand(String keyword, List<KeyValue> pairs, ShellWords shell,
      Variables vars) throws InstructionException {
    List<KeyValue> out = new ArrayList<>(pairs.size());
    for (KeyValue pair : pairs) {
      String key = shell.word(pair.key(), vars);
      if (key.isEmpty()) {
        throw new InstructionException(keyword + " names can not be blank");
      }
      out.add(new KeyValue(key, shell.word(pair.value(), vars)));
    }
    return out;
  }
}
