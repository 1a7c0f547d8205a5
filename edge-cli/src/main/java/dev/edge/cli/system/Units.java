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

  /** Docker's human duration ("About an hour", "3 days"), for CREATED columns. */
  public static String humanDuration(java.time.Duration d) {
    long seconds = d.getSeconds();
    if (seconds < 1) {
      return "Less than a second";
    } else if (seconds == 1) {
      return "1 second";
    } else if (seconds < 60) {
      return seconds + " seconds";
    }
    long minutes = d.toMinutes();
    if (minutes == 1) {
      return "About a minute";
    } else if (minutes < 60) {
      return minutes + " minutes";
    }
    long hours = d.toHours();
    if (hours == 1) {
      return "About an hour";
    } else if (hours < 48) {
      return hours + " hours";
    } else if (hours < 24 * 7 * 2) {
      return hours / 24 + " days";
    } else if (hours < 24 * 30 * 3) {
      return hours / 24 / 7 + " weeks";
    } else if (hours < 24 * 365 * 2) {
      return hours / 24 / 30 + " months";
    }
    return hours / 24 / 365 + " years";
  }

  /** "3 days ago" from a unix timestamp in seconds. */
  public static String ago(long unixSeconds) {
    if (unixSeconds <= 0) {
      return "N/A";
    }
    return humanDuration(java.time.Duration.between(java.time.Instant.ofEpochSecond(unixSeconds),
        java.time.Instant.now())) + " ago";
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
