package dev.edge.cli.container;

import java.math.BigDecimal;
import java.math.MathContext;

/** {@code --cpus 1.5} as {@code NanoCpus}: a decimal (or a fraction like 1/2) times 10^9, exact. */
public final class CpuCount {
  static final String FLAG = "--cpus";
  private static final BigDecimal NANOS_PER_CPU = BigDecimal.valueOf(1_000_000_000L);

  private CpuCount() {}

  public static long nanoCpus(String value) {
    BigDecimal cpus;
    try {
      int slash = value.indexOf('/');
      cpus = slash < 0 ? new BigDecimal(value)
          : new BigDecimal(value.substring(0, slash)).divide(
              new BigDecimal(value.substring(slash + 1)), MathContext.DECIMAL128);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new BadFlagException(FLAG, value, "failed to parse " + value
          + " as a rational number");
    }
    if (cpus.signum() < 0) {
      throw new BadFlagException(FLAG, value, "the number of CPUs cannot be negative");
    }
    BigDecimal nanos = cpus.multiply(NANOS_PER_CPU);
    try {
      return nanos.longValueExact();
    } catch (ArithmeticException e) {
      throw new BadFlagException(FLAG, value, nanos.stripTrailingZeros().scale() > 0
          ? "value is too precise (at most 9 decimal places)" : "value out of range");
    }
  }
}
