package dev.edge.agent.boards;

import static dev.edge.agent.jobs.JobsForTests.awaitDone;
import static dev.edge.agent.jobs.JobsForTests.awaitEvent;
import static dev.edge.agent.jobs.JobsForTests.doc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edge.agent.jobs.Job;
import dev.edge.agent.jobs.JobEngine;
import dev.edge.agent.jobs.JobHandler;
import dev.edge.agent.jobs.JobState;
import dev.edge.hal.board.BoardDiscovery;
import dev.edge.runtime.api.ApiException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One job at a time per board, boards in parallel, through the claims every board job makes. */
class BoardLocksTest {
  @TempDir Path dir;
  private FakeUsbTree tree;
  private BoardFlashing flashing;
  private JobEngine engine;
  /** Job id → [start, end] in ms, and the port it held. */
  private final Map<String, long[]> spans = new ConcurrentHashMap<>();
  private final Map<String, String> ports = new ConcurrentHashMap<>();
  private final CountDownLatch release = new CountDownLatch(1);

  /** A board job that holds its board for {@code millis}, or until the test releases it. */
  private final class HoldingJob implements JobHandler {
    @Override
    public String type() {
      return "test.hold";
    }

    @Override
    public Run prepare(JsonNode doc) {
      String board = BoardClaims.checkBoard("board", doc.path("board").asText(""));
      long millis = doc.path("millis").asLong(0);
      return progress -> {
        try (BoardClaims.Claim claim = new BoardClaims(flashing).claim(board, progress.jobId(),
            m -> progress.progress(0, m, Map.of()))) {
          long start = System.currentTimeMillis();
          ports.put(progress.jobId(), claim.port());
          if (millis > 0) {
            Thread.sleep(millis);
          } else {
            release.await();
          }
          spans.put(progress.jobId(), new long[] {start, System.currentTimeMillis()});
          return Map.of("port", claim.port());
        }
      };
    }
  }

  @BeforeEach
  void start() throws Exception {
    tree = new FakeUsbTree(dir).plug("ttyUSB0", "1-1.3", "10c4", "ea60", "CP2102", "0001")
        .plug("ttyUSB1", "1-1.4", "1a86", "7523", "USB2.0-Serial", null);
    flashing = new BoardFlashing(new BoardDiscovery(tree.sys, tree.dev), (path, baud) -> {
      throw new AssertionError("no port is opened here");
    }, () -> {
      throw new AssertionError("no GPIO here");
    });
    engine = new JobEngine(dir.resolve("jobs")).register(new HoldingJob());
  }

  @AfterEach
  void stop() {
    release.countDown();
    engine.close();
  }

  private Job submit(String id, String board, long millis) {
    return engine.submit(doc("{'type':'test.hold','id':'" + id + "','board':'" + board + "','millis':" + millis
        + "}"));
  }

  private static boolean overlap(long[] a, long[] b) {
    return a[0] < b[1] && b[0] < a[1];
  }

  @Test
  void twoJobsOnOneBoardTakeTurnsWhileAnotherBoardRunsAlongside() throws Exception {
    String usb0 = tree.dev.resolve("ttyUSB0").toString();
    Job a = submit("a-1", usb0, 400);
    awaitEvent(a, "IN_PROGRESS");
    while (!ports.containsKey("a-1")) {
      Thread.sleep(5);
    }
    Job b = submit("b-1", "ttyUSB0", 400); // by id: the same board
    Job c = submit("c-1", "ttyUSB1", 400);
    for (Job j : List.of(a, b, c)) {
      assertEquals(JobState.SUCCEEDED, awaitDone(j).state(), j.error());
    }
    assertFalse(overlap(spans.get("a-1"), spans.get("b-1")), "two jobs held ttyUSB0 at once");
    assertTrue(overlap(spans.get("a-1"), spans.get("c-1")), "ttyUSB1 waited for ttyUSB0");
    assertEquals("waiting for board " + usb0 + " (job a-1 has it)",
        awaitEvent(b, "waiting for board").message());
  }

  @Test
  void aJobWaitingForABoardCanBeCanceledAndTheNextOneGetsIt() throws Exception {
    Job holder = submit("h-1", "ttyUSB0", 0);
    while (!ports.containsKey("h-1")) {
      Thread.sleep(5);
    }
    Job waiting = submit("w-1", "ttyUSB0", 10);
    awaitEvent(waiting, "(job h-1 has it)");
    assertTrue(engine.cancel("w-1", "changed my mind"));
    assertEquals(JobState.CANCELED, awaitDone(waiting, 5_000).state());
    Job next = submit("n-1", "ttyUSB0", 10);
    awaitEvent(next, "(job h-1 has it)");
    release.countDown();
    assertEquals(JobState.SUCCEEDED, awaitDone(holder).state());
    assertEquals(JobState.SUCCEEDED, awaitDone(next).state(), next.error());
  }

  @Test
  void anyTakesTheFirstIdleBoardInPortOrder() throws Exception {
    Job busy = submit("h-2", "ttyUSB0", 0);
    while (!ports.containsKey("h-2")) {
      Thread.sleep(5);
    }
    Job any = awaitDone(submit("any-1", "any", 10));
    assertEquals(tree.dev.resolve("ttyUSB1").toString(), any.result().get("port"));
    release.countDown();
    awaitDone(busy);
    Job again = awaitDone(submit("any-2", "any", 10));
    assertEquals(tree.dev.resolve("ttyUSB0").toString(), again.result().get("port"));
  }

  @Test
  void aBoardIsKeyedByItsRealPath() throws Exception {
    BoardLocks locks = new BoardLocks();
    Path byId = tree.dev.resolve("serial/by-id/usb-CP2102_0001-if00-port0");
    try (BoardLocks.Held held = locks.acquire(byId.toString(), "j-1", m -> { })) {
      // another job's thread (the locks are reentrant for the job holding them)
      assertTrue(CompletableFuture.supplyAsync(() -> locks.tryAcquire(tree.dev.resolve("ttyUSB0").toString(),
          "j-2").isEmpty()).get());
      assertEquals("j-1", locks.holder(tree.dev.resolve("ttyUSB0").toString()).orElseThrow());
      assertTrue(locks.tryAcquire(tree.dev.resolve("ttyUSB1").toString(), "j-3").isPresent());
    }
    assertTrue(locks.holder(tree.dev.resolve("ttyUSB0").toString()).isEmpty());
  }

  @Test
  void unknownBoardsAndSeveralForAutoAreClearErrors() {
    BoardClaims claims = new BoardClaims(flashing);
    ApiException unknown = org.junit.jupiter.api.Assertions.assertThrows(ApiException.class,
        () -> claims.claim("ttyUSB9", "j", m -> { }));
    assertEquals(404, unknown.status());
    ApiException auto = org.junit.jupiter.api.Assertions.assertThrows(ApiException.class,
        () -> claims.claim("auto", "j", m -> { }));
    assertEquals(409, auto.status());
  }
}
