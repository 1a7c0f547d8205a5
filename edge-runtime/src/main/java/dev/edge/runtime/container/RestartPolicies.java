package dev.edge.runtime.container;

import dev.edge.runtime.api.ApiException;
import java.time.Duration;

/**
 * Docker's restart policies: whether a container that exited comes back, and after how long.
 * The delay doubles from 100 ms per restart and resets once a run lasted 10 s, as in Docker.
 */
final class RestartPolicies {
  static final Duration FIRST_DELAY = Duration.ofMillis(100);
  static final Duration MAX_DELAY = Duration.ofMinutes(1);
  static final Duration RESET_AFTER = Duration.ofSeconds(10);

  private RestartPolicies() {}

  /** Refuses names Docker refuses, and {@code --rm} with a policy that restarts. */
  static void validate(HostConfig host) {
    HostConfig.RestartPolicy p = host.restartPolicy();
    switch (p.name()) {
      case "no", "always", "unless-stopped" -> {
        if (p.maximumRetryCount() != 0) {
          throw ApiException.badRequest("maximum retry count cannot be used with restart policy '"
              + p.name() + "'");
        }
      }
      case "on-failure" -> {
        if (p.maximumRetryCount() < 0) {
          throw ApiException.badRequest("invalid restart policy: maximum retry count cannot be"
              + " negative");
        }
      }
      default -> throw ApiException.badRequest("invalid restart policy '" + p.name() + "'");
    }
    if (host.autoRemove() && !p.name().equals("no")) {
      throw ApiException.badRequest("can't create 'AutoRemove' container with restart policy");
    }
  }

  /** Whether this exit brings the container back. */
  static boolean shouldRestart(HostConfig.RestartPolicy p, int exitCode, boolean manuallyStopped,
      int restartCount) {
    if (manuallyStopped) {
      return false;
    }
    return switch (p.name()) {
      case "always", "unless-stopped" -> true;
      case "on-failure" -> exitCode != 0
          && (p.maximumRetryCount() == 0 || restartCount < p.maximumRetryCount());
      default -> false;
    };
  }

  /** The wait before the next start, given how long the last run lasted. */
  static Duration delay(Duration previousDelay, Duration ranFor) {
    if (previousDelay == null || ranFor.compareTo(RESET_AFTER) >= 0) {
      return FIRST_DELAY;
    }
    Duration doubled = previousDelay.multipliedBy(2);
    return doubled.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : doubled;
  }
}
