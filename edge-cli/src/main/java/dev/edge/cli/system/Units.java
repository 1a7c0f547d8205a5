package dev.edge.cli.system;

import java.util.Locale;

/** Human-readable sizes and durations, as the docker CLI prints them. */
public final class Units {
  private static final String[] DECIMAL = {"B", "kB", "MB", "GB", "TB", "PB"};
  private static final String[] BINARY = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};

  private Units() {}

  /** Decimal units with 3 significant digits ("1.23MB"), as {@code docker images} shows. */
  public static String size(long bytes) {
    return format(bytes, 1000, DECIMAL);
  }

  /** Binary units ("23.4GiB"), as {@code docker info} shows memory. */
  public static String binarySize(long bytes) {
    return format(bytes, 1024, BINARY);
  }

  private static String format(long bytes, double base, String[] units) {
    double value = bytes;
    int unit = 0;
    while (value >= base && unit < units.length - 1) {
      value /= base;
      unit++;
    }
    String digits = String.format(Locale.ROOT, "%.4g", value);
    if (digits.contains(".")) {
      digits = digits.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
    return digits + units[unit];
  }
}
