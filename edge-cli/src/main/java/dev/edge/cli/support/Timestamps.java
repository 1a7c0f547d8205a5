package dev.edge.cli.support;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --since}/{@code --until} values as the docker CLI reads them: a Unix timestamp
 * ({@code 1700000000[.123]}), an RFC 3339 date or date-time (local time when it has no offset),
 * or a Go duration counted back from now ({@code 10m}, {@code 1h30m}, {@code 1.5h}). The result
 * is what the API takes: seconds with optional nanoseconds, {@code "1700000000.000000000"}.
 */
public final class Timestamps {
  private static final Pattern UNIX = Pattern.compile("\\d+(\\.\\d{1,9})?");
  private static final Pattern DURATION =
      Pattern.compile("(?:(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h))+");
  private static final Pattern DURATION_PART =
      Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private Timestamps() {}

  /** The API value for {@code value} at {@code now}; IllegalArgumentException when unreadable. */
  public static String parse(String flag, String value, Instant now) {
    if (UNIX.matcher(value).matches()) {
      return value;
    }
    if (DURATION.matcher(value).matches()) {
      return format(now.minusNanos(durationNanos(value)));
    }
    try {
      return format(dateTime(value));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("invalid value \"" + value + "\" for " + flag
          + ": expected a Unix timestamp, an RFC 3339 date such as 2024-01-02T15:04:05Z, or a"
          + " duration such as 10m or 1h30m");
    }
  }

  private static Instant dateTime(String value) {
    if (value.length() == "2006-01-02".length()) {
      return LocalDate.parse(value).atStartOfDay(ZoneId.systemDefault()).toInstant();
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException withoutOffset) {
      return LocalDateTime.parse(value).atZone(ZoneId.systemDefault()).toInstant();
    }
  }

  private static long durationNanos(String value) {
    BigDecimal nanos = BigDecimal.ZERO;
    Matcher m = DURATION_PART.matcher(value);
    while (m.find()) {
      long unit = switch (m.group(2)) {
        case "ns" -> 1L;
        case "us", "µs" -> 1_000L;
        case "ms" -> 1_000_000L;
        case "s" -> NANOS_PER_SECOND;
        case "m" -> 60 * NANOS_PER_SECOND;
        default -> 3600 * NANOS_PER_SECOND;
      };
      nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit)));
    }
    return nanos.longValue();
  }

  private static String format(Instant t) {
    return String.format("%d.%09d", t.getEpochSecond(), t.getNano());
  }
}
