package dev.edge.runtime.unpack;

import dev.edge.runtime.image.Digest;
import java.io.IOException;

/** The uncompressed layer does not hash to the diff_id the image config lists. */
public class DiffIdMismatchException extends IOException {
  private final Digest expected;
  private final Digest actual;

  public DiffIdMismatchException(Digest expected, Digest actual) {
    super("layer diff_id mismatch: the image config says " + expected + ", the layer unpacked to "
        + actual);
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
