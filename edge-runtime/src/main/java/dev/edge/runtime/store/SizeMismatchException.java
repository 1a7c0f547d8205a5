package dev.edge.runtime.store;

/** More or fewer bytes than the descriptor's size (truncated blob, or a server sending extra). */
public class SizeMismatchException extends ContentVerificationException {
  private final long expected;
  private final long actual;

  public SizeMismatchException(String ref, long expected, long actual, String detail) {
    super("ingest " + ref + ": size mismatch: expected " + expected + " bytes, " + detail);
    this.expected = expected;
    this.actual = actual;
  }

  public long expected() {
    return expected;
  }

  /** The bytes received, or at least this many when the writer overran. */
  public long actual() {
    return actual;
  }
}
