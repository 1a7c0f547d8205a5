package dev.edge.cli.fleet;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Durations as Go and the docker CLI write them ({@code 90s}, {@code 30m}, {@code 1h30m}, {@code 2d}) or ISO-8601. */
final class DurationConverter implements ITypeConverter<Duration> {
  private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");
  private static final Pattern WHOLE = Pattern.compile("(\\d+(ms|s|m|h|d))+");

  @Override
  public Duration convert(String value) {
    return parse(value);
  }

  static Duration parse(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    Duration d;
    if (WHOLE.matcher(v).matches()) {
      d = Duration.ZERO;
      Matcher m = PART.matcher(v);
      try {
        while (m.find()) {
          long n = Long.parseLong(m.group(1));
          d = d.plus(switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
          });
        }
      } catch (NumberFormatException | ArithmeticException e) {
        throw new TypeConversionException("'" + value + "' is too long a duration");
      }
    } else {
      try {
        d = Duration.parse(value.trim());
      } catch (DateTimeParseException e) {
        throw new TypeConversionException("'" + value + "' is not a duration (write 90s, 30m, 1h30m or 2d)");
      }
    }
    if (d.isZero() || d.isNegative()) {
      throw new TypeConversionException("'" + value + "': a duration must be more than zero");
    }
    return d;
  }

  /** {@code d} as the flags take it: {@code 2d}, {@code 1h30m}, {@code 90s}, {@code 1500ms}. */
  static String format(Duration d) {
    if (d.getNano() != 0) {
      return d.toMillis() + "ms";
    }
    StringBuilder b = new StringBuilder();
    append(b, d.toDaysPart(), "d");
    append(b, d.toHoursPart(), "h");
    append(b, d.toMinutesPart(), "m");
    append(b, d.toSecondsPart(), "s");
    return b.length() == 0 ? "0s" : b.toString();
  }

  private static void append(StringBuilder b, long n, String unit) {
    if (n != 0) {
      b.append(n).append(unit);
    }
  }
}
