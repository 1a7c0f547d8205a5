package dev.edge.runtime.store;

import dev.edge.runtime.image.Digest;

/** The stored bytes hash to something other than the expected digest. */
public class DigestMismatchException extends ContentVerificationException {
  private final Digest expected;
  private final Digest actual;

  public DigestMismatchException(String ref, Digest expected, Digest actual) {
    super("ingest " + ref + ": digest mismatch: expected " + expected + ", got " + actual);
    this.expected = expected;
    this.actual = actual;
  }

  public Digest expected() {
    return expected;
  }

  public Digest actual() {
    return actual;
  }
}
