package dev.edge.runtime.registry;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

/** Transports tuned for tests: fast retries, a short idle-read timeout, a settable clock. */
final class TestTransports {
  static final RetryPolicy FAST_RETRY =
      new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(40), Duration.ofSeconds(2));
  static final Duration SHORT_IDLE = Duration.ofMillis(500);

  private TestTransports() {}

  static RegistryConfig config(String... insecureHosts) {
    return RegistryConfig.defaults()
        .withInsecureRegistries(List.of(insecureHosts))
        .withRetry(FAST_RETRY)
        .withIdleReadTimeout(SHORT_IDLE);
  }

  static RegistryTransport plain(String... insecureHosts) throws IOException {
    return new RegistryTransport(config(insecureHosts), Clock.systemUTC());
  }

  /** A clock tests move by hand, to expire tokens without waiting. */
  static final class SettableClock extends Clock {
    private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
