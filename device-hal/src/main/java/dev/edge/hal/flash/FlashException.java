package dev.edge.hal.flash;

import java.io.IOException;

/** A flash could not be done; the message names the port, and when it happened mid-write the region and offset. */
public class FlashException extends IOException {
  public FlashException(String message) {
    super(message);
  }

  public FlashException(String message, Throwable cause) {
    super(message, cause);
  }
}
