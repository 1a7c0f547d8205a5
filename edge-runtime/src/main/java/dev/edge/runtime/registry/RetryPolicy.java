package dev.edge.runtime.registry;

import java.time.Duration;

/**
 * How often and how patiently a registry request is repeated after 5xx, 429 or a dropped
 * connection. 4xx other than 429 are never repeated.
 *
 * @param maxAttempts attempts in all, the first included
 * @param initialBackoff the wait before the second attempt; it doubles for each one after
 * @param maxBackoff the longest wait between attempts
 * @param maxRetryAfter the longest Retry-After honoured; a longer one fails at once, naming it
 */
public record RetryPolicy(
    int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter) {
  /** dockerd's {@code --max-download-attempts} default. */
  public static final int MAX_ATTEMPTS = 5;
  public static final Duration INITIAL_BACKOFF = Duration.ofSeconds(1);
  public static final Duration MAX_BACKOFF = Duration.ofSeconds(16);
  /** A pull on a flaky link waits a minute for a busy registry, not Docker Hub's 6-hour window. */
  public static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);

  public static RetryPolicy defaults() {
    return new RetryPolicy(MAX_ATTEMPTS, INITIAL_BACKOFF, MAX_BACKOFF, MAX_RETRY_AFTER);
  }

  /** The wait after failed attempt number {@code attempt} (1-based). */
  public Duration backoff(int attempt) {
    long millis = initialBackoff.toMillis() << Math.min(attempt - 1, 20);
    return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
  }
}
