package dev.edge.runtime.monitor;

import java.io.IOException;

/**
 * The runtime refused to create or exec: the message is the runtime's own (for instance
 * {@code exec: "nope": executable file not found in $PATH}), so callers can map it to Docker's
 * exit codes 126/127.
 */
public final class ConmonException extends IOException {
  public ConmonException(String message) {
    super(message);
  }
}
