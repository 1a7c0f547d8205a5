package dev.edge.runtime.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExitWatcherTest {
  private static final String ID = "a".repeat(64);

  @TempDir Path dir;

  @Test
  void anExitWrittenAsGlibDoesIsDeliveredAndItsTemporaryFileIsLeftAlone() throws Exception {
    Map<String, Integer> seen = new ConcurrentHashMap<>();
    // As the contract asks, the consumer deletes the file it was handed.
    try (ExitWatcher watcher = new ExitWatcher(dir, (id, status) -> {
      seen.put(id, status);
      try {
        Files.deleteIfExists(dir.resolve(id));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    })) {
      watcher.start();
      // g_file_set_contents: write "<path>.XXXXXX", then rename it over "<path>".
      for (int round = 0; round < 100; round++) {
        seen.clear();
        Path temporary = dir.resolve(ID + ".Ab12Cd");
        Files.writeString(temporary, Integer.toString(round % 256));
        Thread.sleep(3); // lets the watcher see the temporary file first
        assertTrue(Files.exists(temporary), "round " + round + ": the temporary file was touched");
        Files.move(temporary, dir.resolve(ID), StandardCopyOption.ATOMIC_MOVE);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!seen.containsKey(ID) && System.nanoTime() < deadline) {
          Thread.sleep(1);
        }
        assertEquals(round % 256, seen.get(ID), "round " + round);
      }
    }
  }

  @Test
  void exitsAlreadyOnDiskAreDeliveredAtStartAndStrayFilesAreIgnored() throws Exception {
    Files.writeString(dir.resolve(ID), "7\n");
    Files.writeString(dir.resolve("notes.txt"), "3");
    Map<String, Integer> seen = new ConcurrentHashMap<>();
    try (ExitWatcher watcher = new ExitWatcher(dir, seen::put)) {
      watcher.start();
      assertEquals(Map.of(ID, 7), seen);
    }
  }
}
