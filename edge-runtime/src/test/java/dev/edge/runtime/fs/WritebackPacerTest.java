package dev.edge.runtime.fs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WritebackPacerTest {
  @TempDir Path temp;

  private static boolean eventually(BooleanSupplier condition) throws InterruptedException {
    for (int i = 0; i < 500; i++) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(10);
    }
    return false;
  }

  @Test
  void pacesOnlyWhileSomeoneWrites() throws Exception {
    WritebackPacer pacer = new WritebackPacer(temp, 5);
    assertFalse(pacer.running());
    WritebackPacer.Writing first = pacer.writing();
    WritebackPacer.Writing second = pacer.writing();
    assertTrue(pacer.running());
    first.close();
    first.close(); // twice is harmless and must not count as the second writer leaving
    Thread.sleep(30);
    assertTrue(pacer.running(), "one writer is still busy");
    second.close();
    assertTrue(eventually(() -> !pacer.running()), "the thread ends with the last writer");
  }

  @Test
  void aWriterArrivingAsTheThreadWindsDownIsPacedAgain() throws Exception {
    WritebackPacer pacer = new WritebackPacer(temp, 1);
    for (int i = 0; i < 200; i++) {
      pacer.writing().close();
      try (WritebackPacer.Writing w = pacer.writing()) {
        assertTrue(pacer.running(), "round " + i);
      }
    }
    assertTrue(eventually(() -> !pacer.running()));
  }

  @Test
  void aPathThatCannotBeSyncedStopsPacingButNotTheWriter() throws Exception {
    WritebackPacer pacer = new WritebackPacer(temp.resolve("missing"), 1);
    try (WritebackPacer.Writing w = pacer.writing()) {
      assertTrue(eventually(() -> !pacer.running()));
    }
  }
}
