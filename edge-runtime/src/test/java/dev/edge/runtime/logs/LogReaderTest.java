package dev.edge.runtime.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** conmon's k8s-file records read back as docker logs shows them. */
class LogReaderTest {
  @TempDir Path dir;

  private static String rec(int second, String stream, String tag, String text) {
    return "2026-11-23T10:00:0" + second + ".000000001+00:00 " + stream + " " + tag + " " + text
        + "\n";
  }

  private List<String> read(Path file, LogReader.Query q) throws IOException {
    List<String> out = new ArrayList<>();
    new LogReader(file).read(q, e -> {
      out.add((e.stderr() ? "E:" : "O:") + e.payload());
      return true;
    }, () -> false);
    return out;
  }

  @Test
  void recordsKeepTheirStreamAndPartialPiecesJoinTheirLine() throws IOException {
    Path f = dir.resolve("log");
    Files.writeString(f, rec(1, "stdout", "F", "one") + rec(2, "stderr", "F", "two")
        + rec(3, "stdout", "P", "thr") + rec(3, "stdout", "F", "ee") + rec(4, "stdout", "F", ""));
    assertEquals(List.of("O:one\n", "E:two\n", "O:thr", "O:ee\n", "O:\n"),
        read(f, new LogReader.Query(-1, null, null, false)));
  }

  @Test
  void tailSinceAndUntilSelectRecords() throws IOException {
    Path f = dir.resolve("log");
    Files.writeString(f, rec(1, "stdout", "F", "a") + rec(2, "stdout", "F", "b")
        + rec(3, "stdout", "F", "c"));
    assertEquals(List.of("O:b\n", "O:c\n"), read(f, new LogReader.Query(2, null, null, false)));
    assertEquals(List.of(), read(f, new LogReader.Query(0, null, null, false)));
    assertEquals(List.of("O:b\n", "O:c\n"), read(f, new LogReader.Query(-1,
        Instant.parse("2026-11-23T10:00:02Z"), null, false)));
    assertEquals(List.of("O:a\n"), read(f, new LogReader.Query(-1, null,
        Instant.parse("2026-11-23T10:00:01.5Z"), false)));
  }

  @Test
  void aTornLastLineIsNotShownAndGarbageIsSkipped() throws IOException {
    Path f = dir.resolve("log");
    Files.writeString(f, "not a record\n" + rec(1, "stdout", "F", "a")
        + "2026-11-23T10:00:02.0+00:00 stdout F half", StandardCharsets.UTF_8);
    assertEquals(List.of("O:a\n"), read(f, new LogReader.Query(-1, null, null, false)));
    assertNull(LogEntry.parse("2026 stdin F x"));
  }

  @Test
  void aFollowerSeesNewRecordsAndContinuesAcrossRotation() throws Exception {
    Path f = dir.resolve("log");
    Files.writeString(f, rec(1, "stdout", "F", "before"));
    AtomicBoolean running = new AtomicBoolean(true);
    List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    Thread follower = new Thread(() -> {
      try {
        new LogReader(f).read(new LogReader.Query(-1, null, null, true), e -> {
          seen.add(e.payload());
          return true;
        }, running::get);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    follower.start();
    Thread.sleep(300);
    Files.writeString(f, rec(2, "stdout", "F", "appended"),
        java.nio.file.StandardOpenOption.APPEND);
    Thread.sleep(300);
    // conmon's rotation: a new file renamed over the old one.
    Path fresh = dir.resolve("log.tmp");
    Files.writeString(fresh, rec(3, "stdout", "F", "rotated"));
    Files.move(fresh, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    Thread.sleep(300);
    running.set(false);
    follower.join(5000);
    assertTrue(!follower.isAlive(), "a follower stops once the container is gone");
    assertEquals(List.of("before\n", "appended\n", "rotated\n"), seen);
  }
}
