package dev.edge.cli.container;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Memory sizes as the docker CLI reads them ({@code --memory 512m}, {@code tmpfs-size=64k}):
 * a decimal number with an optional binary unit b, k, m, g, t or p (k = 1024), an optional
 * "i" and "b" after it.
 */
public final class ByteSize {
  private static final Pattern SIZE =
      Pattern.compile("(\\d+(?:\\.\\d+)?) ?([kKmMgGtTpP])?[iI]?[bB]?");
  private static final String UNITS = "kmgtp";

  private ByteSize() {}

  /** Bytes in {@code value}; {@code flag} names the flag in the error. */
  public static long parse(String flag, String value) {
    Matcher m = SIZE.matcher(value);
    if (!m.matches()) {
      throw new BadFlagException(flag, value, "invalid size: '" + value
          + "' (a number with an optional unit b, k, m, g: 512m, 1.5g)");
    }
    BigDecimal bytes = new BigDecimal(m.group(1));
    if (m.group(2) != null) {
      int power = UNITS.indexOf(m.group(2).toLowerCase(Locale.ROOT)) + 1;
      bytes = bytes.multiply(BigDecimal.valueOf(1024).pow(power));
    }
    if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      throw new BadFlagException(flag, value, "size out of range");
    }
    return bytes.longValue(); // fractions of a byte are dropped, as docker's int64 conversion does
  }
}
