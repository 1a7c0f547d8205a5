package dev.edge.cli.system;

import java.util.Locale;

/** Human-readable sizes and durations, as the docker CLI prints them. */
public final class Units {
  private static final String[] DECIMAL = {"B", "kB", "MB", "GB", "TB", "PB"};
  private static final String[] BINARY = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};

  private Units() {}

  /** Decimal units with 3 significant digits ("1.23MB"), as {@code docker images} shows. */
  public static String size(long bytes) {
    return format(bytes, 1000, DECIMAL, 3);
  }

  /** Binary units with 4 significant digits ("23.54GiB"), as {@code docker info} shows memory. */
  public static String binarySize(long bytes) {
    return format(bytes, 1024, BINARY, 4);
  }

  private static String format(long bytes, double base, String[] units, int digits) {
    double value = bytes;
    int unit = 0;
    while (value >= base && unit < units.length - 1) {
      value /= base;
      unit++;
    }
    String text = String.format(Locale.ROOT, "%." + digits + "g", value);
    if (text.contains(".")) {
      text = text.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
    return text + units[unit];
  }
}
