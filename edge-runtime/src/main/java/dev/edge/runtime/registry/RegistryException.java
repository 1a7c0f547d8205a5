package dev.edge.runtime.registry;

import java.io.IOException;

/** A registry operation failed; the message names the action and the cause. */
public class RegistryException extends IOException {
  private final RegistryAction action;
  private final String reason;
  private final int status;

  public RegistryException(RegistryAction action, String reason, int status, Throwable cause) {
    super(action + ": " + reason, cause);
    this.action = action;
    this.reason = reason;
    this.status = status;
  }

  public RegistryException(RegistryAction action, String reason, int status) {
    this(action, reason, status, null);
  }

  /** What was being done, e.g. {@code pull docker.io/library/alpine: manifest latest}. */
  public RegistryAction action() {
    return action;
  }

  /** Why it failed, e.g. {@code 404 MANIFEST_UNKNOWN: manifest unknown}. */
  public String reason() {
    return reason;
  }

  /** The HTTP status that caused this, or 0 when there was none (bad content, I/O). */
  public int status() {
    return status;
  }
}
