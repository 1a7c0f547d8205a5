package dev.edge.agent.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BackoffTest {
  @Test
  void delaysStayUnderADoublingCapAndAreSpreadOut() {
    Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(30), new Random(1));
    long cap = 100;
    Set<Long> seen = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      long d = b.next().toMillis();
      assertTrue(d >= 0 && d <= Math.min(cap, 30_000), "attempt " + i + ": " + d);
      seen.add(d);
      cap = Math.min(cap * 2, 30_000);
    }
    assertTrue(seen.size() > 10, "jitter spreads the delays: " + seen);
  }

  @Test
  void resetStartsOverFromTheFirstDelay() {
    Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(30), new Random(2));
    for (int i = 0; i < 10; i++) {
      b.next();
    }
    b.reset();
    assertTrue(b.next().toMillis() <= 100);
  }

  @Test
  void aCapBelowTheFirstDelayIsRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), new Random()));
    assertEquals(0, new Backoff(Duration.ofMillis(1), Duration.ofMillis(1), new Random(3))
        .next().toMillis() / 2);
  }
}
