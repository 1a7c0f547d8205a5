package dev.edge.runtime.build.dockerfile;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits instruction arguments into words the way Docker's parser does before any expansion:
 * whitespace separates words outside quotes; quotes and escapes are kept for the later expansion.
 */
final class Words {
  private Words() {}

  static List<String> split(String text, char escape) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    boolean sawQuote = false;
    char quote = 0;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (quote != 0) {
        if (c == escape && quote != '\'' && i + 1 < text.length()) {
          word.append(c).append(text.charAt(i + 1));
          i += 2;
          continue;
        }
        if (c == quote) {
          quote = 0;
        }
        word.append(c);
        i++;
        continue;
      }
      if (Character.isWhitespace(c)) {
        if (inWord && (sawQuote || word.length() > 0)) {
          words.add(word.toString());
        }
        word.setLength(0);
        inWord = false;
        sawQuote = false;
        i++;
        continue;
      }
      inWord = true;
      if (c == '\'' || c == '"') {
        quote = c;
        sawQuote = true;
      } else if (c == escape) {
        if (i + 1 == text.length()) {
          i++;
          continue;
        }
        word.append(c);
        i++;
        c = text.charAt(i);
      }
      word.append(c);
      i++;
    }
    if (inWord && (sawQuote || word.length() > 0)) {
      words.add(word.toString());
    }
    return words;
  }

  /** Removes one pair of surrounding quotes, as in a heredoc word ({@code <<"EOF"}). */
  static String unquote(String word) {
    if (word.length() >= 2) {
      char first = word.charAt(0);
      if ((first == '"' || first == '\'') && word.charAt(word.length() - 1) == first) {
        return word.substring(1, word.length() - 1);
      }
    }
    return word;
  }

  /** Whitespace-separated fields, nothing else (Docker's COPY/ADD/EXPOSE raw form). */
  static List<String> fields(String text) {
    String trimmed = text.trim();
    return trimmed.isEmpty() ? List.of() : List.of(trimmed.split("\\s+"));
  }
}
