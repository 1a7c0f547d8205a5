package dev.edge.cli.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimestampsTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

  @Test
  void unixTimestampsPassThrough() {
    assertEquals("1700000000", Timestamps.parse("--since", "1700000000", NOW));
    assertEquals("1700000000.5", Timestamps.parse("--since", "1700000000.5", NOW));
  }

  @Test
  void durationsCountBackFromNow() {
    long now = NOW.getEpochSecond();
    assertEquals((now - 600) + ".000000000", Timestamps.parse("--since", "10m", NOW));
    assertEquals((now - 5400) + ".000000000", Timestamps.parse("--since", "1h30m", NOW));
    assertEquals((now - 5400) + ".000000000", Timestamps.parse("--since", "1.5h", NOW));
    assertEquals((now - 1) + ".500000000", Timestamps.parse("--since", "500ms", NOW));
  }

  @Test
  void rfc3339DatesAreRead() {
    assertEquals("1700000000.000000000", Timestamps.parse("--since", "2023-11-14T22:13:20Z",
        NOW));
    assertEquals("1700000000.250000000", Timestamps.parse("--since",
        "2023-11-14T23:13:20.25+01:00", NOW));
  }

  @Test
  void anythingElseNamesTheFlag() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Timestamps.parse("--until", "yesterday", NOW));
    assertTrue(e.getMessage().contains("--until"), e.getMessage());
  }
}
