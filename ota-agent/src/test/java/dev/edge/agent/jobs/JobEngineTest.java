package dev.edge.agent.jobs;

import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edge.runtime.json.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobEngineTest {
  @TempDir Path dir;

  /** A job type whose runs do what the document says: succeed, fail, or wait for the test. */
  static final class RecordingHandler implements JobHandler {
    final CountDownLatch release = new CountDownLatch(1);
    int prepared;

    @Override
    public String type() {
      return "test.echo";
    }

    @Override
    public Run prepare(JsonNode document) {
      if (!document.hasNonNull("text")) {
        throw new IllegalArgumentException("text: missing");
      }
      prepared++;
      String text = document.get("text").asText();
      return progress -> {
        progress.phase("echo", "echoing " + text);
        progress.log("stdout", text);
        progress.progress(50, "half", Map.of("bytes", 1));
        if (document.path("wait").asBoolean()) {
          release.await();
        }
        if (document.path("fail").asBoolean()) {
          throw new JobFailedException("asked to fail: " + text);
        }
        return Map.of("echoed", text);
      };
    }
  }

  private static JsonNode doc(String json) throws Exception {
    return Json.mapper().readTree(json);
  }

  /** Until the jobs' records on disk say they finished: the job thread writes them just after the state changes. */
  private void awaitFinishedRecords(List<String> ids) throws Exception {
    JobStore store = new JobStore(dir);
    long deadline = System.currentTimeMillis() + 10_000;
    while (!ids.stream().allMatch(id -> store.finished(dir.resolve(id + ".json")))
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
    }
  }

  private static Job awaitDone(Job job) throws Exception {
    long deadline = System.currentTimeMillis() + 10_000;
    while (!job.state().done() && System.currentTimeMillis() < deadline) {
      job.eventsAfter(Long.MAX_VALUE - 1, 100);
    }
    assertTrue(job.state().done(), job.summary().toString());
    return job;
  }

  @Test
  void successfulJobLogsPhasesAndKeepsItsResult() throws Exception {
    try (JobEngine engine = new JobEngine(dir).register(new RecordingHandler())) {
      Job job = awaitDone(engine.submit(doc("{\"type\":\"test.echo\",\"text\":\"hi\"}")));
      assertEquals(JobState.SUCCEEDED, job.state());
      assertEquals(Map.of("echoed", "hi"), job.result());
      List<String> kinds = job.eventsAfter(0, 0).stream().map(JobEvent::kind).toList();
      assertEquals(List.of("state", "phase", "log", "progress", "state"), kinds);
      JobEvent log = job.eventsAfter(0, 0).get(2);
      assertEquals("echo", log.phase());
      assertEquals("stdout", log.stream());
      assertEquals("hi", log.message());
      assertEquals(50, job.summary().get("percent"));
      assertEquals(List.of(job), engine.list());
    }
  }

  @Test
  void failedJobCarriesTheReason() throws Exception {
    try (JobEngine engine = new JobEngine(dir).register(new RecordingHandler())) {
      Job job = awaitDone(engine.submit(doc("{\"type\":\"test.echo\",\"text\":\"x\",\"fail\":true}")));
      assertEquals(JobState.FAILED, job.state());
      assertEquals("asked to fail: x", job.error());
      assertEquals("FAILED: asked to fail: x", job.eventsAfter(0, 0).get(4).message());
    }
  }

  @Test
  void badDocumentsAreRefusedBeforeTheyRun() throws Exception {
    RecordingHandler handler = new RecordingHandler();
    try (JobEngine engine = new JobEngine(dir).register(handler)) {
      assertEquals("unknown job type 'nope' (known: test.echo)", assertThrows(IllegalArgumentException.class,
          () -> engine.submit(doc("{\"type\":\"nope\"}"))).getMessage());
      assertEquals("text: missing", assertThrows(IllegalArgumentException.class,
          () -> engine.submit(doc("{\"type\":\"test.echo\"}"))).getMessage());
      assertTrue(assertThrows(IllegalArgumentException.class,
          () -> engine.submit(doc("{\"type\":\"test.echo\",\"text\":\"a\",\"id\":\"../x\"}"))).getMessage()
          .startsWith("id '../x'"));
      assertTrue(engine.list().isEmpty());
    }
  }

  @Test
  void aKnownIdIsNotRunAgain() throws Exception {
    RecordingHandler handler = new RecordingHandler();
    try (JobEngine engine = new JobEngine(dir).register(handler)) {
      Job first = awaitDone(engine.submit(doc("{\"type\":\"test.echo\",\"text\":\"a\",\"id\":\"job-1\"}")));
      Job again = engine.submit(doc("{\"type\":\"test.echo\",\"text\":\"a\",\"id\":\"job-1\"}"));
      assertSame(first, again);
      assertEquals(1, handler.prepared);
    }
  }

  @Test
  void finishedJobsSurviveARestartAndRunningOnesAreFailed() throws Exception {
    RecordingHandler handler = new RecordingHandler();
    JobEngine engine = new JobEngine(dir).register(handler);
    Job done = awaitDone(engine.submit(doc("{\"type\":\"test.echo\",\"text\":\"a\"}")));
    Job running = engine.submit(doc("{\"type\":\"test.echo\",\"text\":\"b\",\"wait\":true}"));
    while (running.eventsAfter(0, 100).size() < 4) {
      Thread.sleep(10);
    }
    // a second engine on the same directory is what a daemon restart sees
    try (JobEngine restarted = new JobEngine(dir)) {
      restarted.register(new RecordingHandler()).resume();
      Job reloaded = restarted.find(done.id()).orElseThrow();
      assertEquals(JobState.SUCCEEDED, reloaded.state());
      assertEquals(Map.of("echoed", "a"), reloaded.result());
      assertEquals(5, reloaded.eventsAfter(0, 0).size());
      Job interrupted = restarted.find(running.id()).orElseThrow();
      assertEquals(JobState.FAILED, interrupted.state());
      assertEquals(JobEngine.INTERRUPTED, interrupted.error());
    } finally {
      handler.release.countDown();
      assertTrue(awaitDone(running).state().done());
      engine.close();
    }
  }

  @Test
  void afterARestartFinishedJobsAreReadAtFirstUseAndListedOldestFirstWithNewOnes() throws Exception {
    RecordingHandler handler = new RecordingHandler();
    List<String> ids = new java.util.ArrayList<>();
    try (JobEngine engine = new JobEngine(dir).register(handler)) {
      for (String text : List.of("a", "b", "c")) {
        ids.add(awaitDone(engine.submit(doc("{\"type\":\"test.echo\",\"text\":\"" + text + "\"}"))).id());
      }
      // the job thread writes the final record just after the state changes; closing interrupts that write
      awaitFinishedRecords(ids);
    }
    try (JobEngine restarted = new JobEngine(dir)) {
      restarted.register(new RecordingHandler()).resume();
      // read at first use, not at start: a record that changed meanwhile is read as it is now
      Files.writeString(dir.resolve(ids.get(1) + ".json"), "{\"state\":\"SUCCEEDED\", broken");
      Job fresh = awaitDone(restarted.submit(doc("{\"type\":\"test.echo\",\"text\":\"d\"}")));
      assertEquals(List.of(ids.get(0), ids.get(2), fresh.id()),
          restarted.list().stream().map(Job::id).toList());
      assertEquals(Map.of("echoed", "c"), restarted.find(ids.get(2)).orElseThrow().result());
    }
  }

  @Test
  void aJobThatEndsAsItsThreadIsInterruptedStillRecordsHowItEnded() throws Exception {
    // what a stopping engine does to a job that has just succeeded: interrupt it before its last record is written
    JobHandler interruptedAtTheEnd = new JobHandler() {
      @Override
      public String type() {
        return "test.late";
      }

      @Override
      public Run prepare(JsonNode document) {
        return progress -> {
          Thread.currentThread().interrupt();
          return Map.of("done", true);
        };
      }
    };
    try (JobEngine engine = new JobEngine(dir).register(interruptedAtTheEnd)) {
      Job job = awaitDone(engine.submit(doc("{\"type\":\"test.late\"}")));
      assertEquals(JobState.SUCCEEDED, job.state());
      awaitFinishedRecords(List.of(job.id()));
      assertTrue(new JobStore(dir).finished(dir.resolve(job.id() + ".json")),
          Files.readString(dir.resolve(job.id() + ".json")));
    }
  }

  @Test
  void theStoreTellsFinishedRecordsWithoutReadingThemWhole() throws Exception {
    JobStore store = new JobStore(dir);
    Path done = Files.writeString(dir.resolve("a.json"),
        "{\"id\":\"a\",\"document\":{\"state\":\"QUEUED\",\"x\":[1,{\"y\":2}]},\"state\":\"SUCCEEDED\"}");
    Path running = Files.writeString(dir.resolve("b.json"), "{\"id\":\"b\",\"state\":\"IN_PROGRESS\"}");
    Path queued = Files.writeString(dir.resolve("c.json"), "{\"state\":\"QUEUED\"}");
    Path broken = Files.writeString(dir.resolve("d.json"), "{\"id\":");
    Path unknown = Files.writeString(dir.resolve("e.json"), "{\"state\":\"EXPLODED\"}");
    assertTrue(store.finished(done));
    assertFalse(store.finished(running));
    assertFalse(store.finished(queued));
    assertFalse(store.finished(broken), "unclear records are read whole, which decides");
    assertFalse(store.finished(unknown));
  }

  /** A type like test.echo that may run again after a restart, as a pull may. */
  static final class ResumableHandler implements JobHandler {
    final RecordingHandler inner = new RecordingHandler();

    @Override
    public String type() {
      return "test.echo";
    }

    @Override
    public Run prepare(JsonNode document) {
      return inner.prepare(document);
    }

    @Override
    public boolean resumable() {
      return true;
    }
  }

  @Test
  void aResumableJobThatWasRunningRunsAgainAfterAStop() throws Exception {
    ResumableHandler first = new ResumableHandler();
    JobEngine engine = new JobEngine(dir).register(first);
    Job running = engine.submit(doc("{\"type\":\"test.echo\",\"id\":\"pull-1\",\"text\":\"b\",\"wait\":true}"));
    while (running.state() != JobState.IN_PROGRESS) {
      Thread.sleep(10);
    }
    engine.close();
    assertEquals(JobState.IN_PROGRESS, running.state(), "a stopping daemon leaves the job to the next one");
    try (JobEngine restarted = new JobEngine(dir)) {
      ResumableHandler second = new ResumableHandler();
      second.inner.release.countDown();
      restarted.register(second).resume();
      Job again = awaitDone(restarted.find("pull-1").orElseThrow());
      assertEquals(JobState.SUCCEEDED, again.state(), again.summary().toString());
      assertTrue(again.lastSeq() > Job.RESTART_STEP, "event numbers never go back across a restart");
    }
  }

  @Test
  void aJobPastItsTimeoutEndsTimedOut() throws Exception {
    try (JobEngine engine = new JobEngine(dir).register(new RecordingHandler())) {
      Job job = awaitDone(engine.submit(doc("{\"type\":\"test.echo\",\"text\":\"t\",\"wait\":true,"
          + "\"timeoutSeconds\":1}")));
      assertEquals(JobState.TIMED_OUT, job.state());
      assertEquals("timed out after 1 s", job.error());
    }
  }

  @Test
  void aBadTimeoutIsRefused() throws Exception {
    try (JobEngine engine = new JobEngine(dir).register(new RecordingHandler())) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> engine.submit(
          doc("{\"type\":\"test.echo\",\"text\":\"t\",\"timeoutSeconds\":-3}")));
      assertTrue(e.getMessage().startsWith("timeoutSeconds: -3"), e.getMessage());
    }
  }

  @Test
  void cancelInterruptsARunningJob() throws Exception {
    try (JobEngine engine = new JobEngine(dir).register(new RecordingHandler())) {
      List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
      engine.addListener((j, e) -> seen.add(e == null ? "accepted" : e.kind()));
      Job job = engine.submit(doc("{\"type\":\"test.echo\",\"text\":\"c\",\"wait\":true}"));
      while (job.state() != JobState.IN_PROGRESS) {
        Thread.sleep(10);
      }
      assertTrue(engine.cancel(job.id(), "operator said so"));
      awaitDone(job);
      assertEquals(JobState.CANCELED, job.state());
      assertEquals("operator said so", job.error());
      assertFalse(engine.cancel(job.id(), "again"), "a finished job cannot be canceled");
      assertEquals("accepted", seen.get(0));
      assertEquals("state", seen.get(seen.size() - 1));
    }
  }

  @Test
  void followerWakesUpOnNewEvents() throws Exception {
    RecordingHandler handler = new RecordingHandler();
    try (JobEngine engine = new JobEngine(dir).register(handler)) {
      Job job = engine.submit(doc("{\"type\":\"test.echo\",\"text\":\"a\",\"wait\":true}"));
      long seen = 0;
      while (seen < 4) {
        List<JobEvent> events = job.eventsAfter(seen, 1000);
        seen = events.isEmpty() ? seen : events.get(events.size() - 1).seq();
      }
      long start = System.nanoTime();
      new Thread(() -> {
        sleep(100);
        handler.release.countDown();
      }).start();
      List<JobEvent> next = job.eventsAfter(seen, 5000);
      assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 4000);
      assertEquals("state", next.get(0).kind());
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
