package dev.edge.runtime.registry;

import java.time.Duration;

/** The registry answered 429 Too Many Requests, and waiting longer was not worth it. */
public class RegistryRateLimitedException extends RegistryException {
  private final Duration retryAfter;

  public RegistryRateLimitedException(RegistryAction action, String reason, Duration retryAfter) {
    super(action, reason, 429, null);
    this.retryAfter = retryAfter;
  }

  /** How long the registry asked to wait, or null when it did not say. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
