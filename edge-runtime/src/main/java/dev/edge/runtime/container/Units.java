package dev.edge.runtime.container;

import dev.edge.runtime.api.ApiException;
import java.util.Locale;

/** Docker's size strings ({@code 10m}, {@code 1g}, {@code 512k}, {@code 100}). */
final class Units {
  private Units() {}

  static long parseBytes(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    if (t.endsWith("b")) {
      t = t.substring(0, t.length() - 1);
    }
    long factor = 1;
    if (!t.isEmpty()) {
      switch (t.charAt(t.length() - 1)) {
        case 'k' -> factor = 1024L;
        case 'm' -> factor = 1024L * 1024;
        case 'g' -> factor = 1024L * 1024 * 1024;
        default -> factor = 1;
      }
    }
    String digits = factor == 1 ? t : t.substring(0, t.length() - 1);
    try {
      long value = Long.parseLong(digits);
      if (value < 0) {
        throw new NumberFormatException();
      }
      return value * factor;
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("invalid size: '" + text + "'");
    }
  }
}
