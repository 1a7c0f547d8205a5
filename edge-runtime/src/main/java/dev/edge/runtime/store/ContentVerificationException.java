package dev.edge.runtime.store;

import java.io.IOException;

/** Content that is not what its descriptor promised; the partial data has been deleted. */
public class ContentVerificationException extends IOException {
  public ContentVerificationException(String message) {
    super(message);
  }
}
