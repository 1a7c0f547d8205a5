package dev.edge.runtime.build.dockerfile;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go's duration syntax as Docker reads it: {@code 30s}, {@code 1m30s}, {@code 500ms}. */
final class GoDuration {
  private static final Pattern PART =
      Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");
  private static final Map<String, Long> NANOS = Map.of("ns", 1L, "us", 1_000L, "µs", 1_000L,
      "μs", 1_000L, "ms", 1_000_000L, "s", 1_000_000_000L, "m", 60_000_000_000L,
      "h", 3_600_000_000_000L);

  private GoDuration() {}

  static Duration parse(String flag, String text) throws InstructionException {
    if (text.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = PART.matcher(text);
    int pos = 0;
    BigDecimal nanos = BigDecimal.ZERO;
    while (pos < text.length() && m.find(pos) && m.start() == pos) {
      BigDecimal unit = BigDecimal.valueOf(NANOS.get(m.group(2)));
      nanos = nanos.add(new BigDecimal(m.group(1)).multiply(unit));
      pos = m.end();
    }
    if (pos == 0 || pos != text.length()) {
      throw new InstructionException("--" + flag + "=" + text
          + ": not a duration (e.g. 30s, 1m30s, 500ms)");
    }
    return Duration.ofNanos(nanos.longValue());
  }
}
