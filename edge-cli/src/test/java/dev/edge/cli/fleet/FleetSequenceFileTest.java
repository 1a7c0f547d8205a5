package dev.edge.cli.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edge.cli.UserException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SequenceFile}: job seq numbers per key that never repeat. */
class FleetSequenceFileTest {
  private static final Instant T = Instant.parse("2026-03-01T12:00:00Z");

  @TempDir Path dir;

  @Test
  void twoInstancesOnOneFileNeverHandOutTheSameNumberEvenWithAStoppedClock() {
    Clock stopped = Clock.fixed(T, ZoneOffset.UTC);
    Path file = dir.resolve("fleet.key.seq");
    SequenceFile a = new SequenceFile(file, stopped);
    SequenceFile b = new SequenceFile(file, stopped);
    long first = a.reserve(1);
    assertEquals(SequenceFile.micros(T), first, "the first number is the time in microseconds");
    assertEquals(first + 1, b.reserve(1));
    assertEquals(first + 2, a.reserve(1));
    assertEquals(first + 3, b.reserve(1));
  }

  @Test
  void aClockThatStepsBackStillGetsALargerNumber() {
    Path file = dir.resolve("fleet.key.seq");
    long first = new SequenceFile(file, Clock.fixed(T, ZoneOffset.UTC)).reserve(1);
    long next = new SequenceFile(file, Clock.fixed(T.minusSeconds(3600), ZoneOffset.UTC)).reserve(1);
    assertEquals(first + 1, next);
  }

  @Test
  void aLaterClockWins() {
    Path file = dir.resolve("fleet.key.seq");
    new SequenceFile(file, Clock.fixed(T, ZoneOffset.UTC)).reserve(1);
    long later = new SequenceFile(file, Clock.fixed(T.plusSeconds(1), ZoneOffset.UTC)).reserve(1);
    assertEquals(SequenceFile.micros(T.plusSeconds(1)), later);
  }

  @Test
  void aReservationOfSeveralKeepsThemAllFromTheNextOne() {
    Clock stopped = Clock.fixed(T, ZoneOffset.UTC);
    Path file = dir.resolve("fleet.key.seq");
    long first = new SequenceFile(file, stopped).reserve(3);
    assertEquals(first + 3, new SequenceFile(file, stopped).reserve(1));
  }

  @Test
  void concurrentSendsGetDistinctIncreasingNumbers() throws Exception {
    Clock stopped = Clock.fixed(T, ZoneOffset.UTC);
    Path file = dir.resolve("fleet.key.seq");
    SequenceFile a = new SequenceFile(file, stopped);
    SequenceFile b = new SequenceFile(file, stopped);
    Set<Long> seen = ConcurrentHashMap.newKeySet();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        SequenceFile s = i % 2 == 0 ? a : b;
        futures.add(pool.submit(() -> {
          for (int j = 0; j < 50; j++) {
            assertTrue(seen.add(s.reserve(1)));
          }
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(400, seen.size());
    long first = SequenceFile.micros(T);
    assertEquals(first + 399, seen.stream().mapToLong(Long::longValue).max().getAsLong());
  }

  @Test
  void theFileSitsBesideTheKey() {
    assertEquals(dir.resolve("ops.key.seq"), SequenceFile.beside(dir.resolve("ops.key"), Clock.systemUTC()).file());
  }

  @Test
  void aDamagedFileIsAnErrorNotAGuess() throws Exception {
    Path file = dir.resolve("fleet.key.seq");
    Files.writeString(file, "12x\n");
    UserException e = assertThrows(UserException.class,
        () -> new SequenceFile(file, Clock.fixed(T, ZoneOffset.UTC)).reserve(1));
    assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("'12x'"), e.getMessage());
  }
}
