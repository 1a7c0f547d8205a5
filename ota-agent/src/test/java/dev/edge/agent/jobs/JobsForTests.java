package dev.edge.agent.jobs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edge.runtime.json.Json;
import java.util.List;
import java.util.Objects;

/** Job documents from JSON text, and waiting for jobs, for the handlers' tests. */
public final class JobsForTests {
  private JobsForTests() {
  }

  /** JSON text with single quotes for readability: {@code doc("{'type':'ota'}")}. */
  public static JsonNode doc(String json) {
    try {
      return Json.mapper().readTree(json.replace('\'', '"'));
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(json, e);
    }
  }

  public static Job awaitDone(Job job) throws InterruptedException {
    return awaitDone(job, 20_000);
  }

  public static Job awaitDone(Job job, long millis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + millis;
    while (!job.state().done() && System.currentTimeMillis() < deadline) {
      job.eventsAfter(Long.MAX_VALUE - 1, 50);
    }
    assertTrue(job.state().done(), job.summary().toString());
    return job;
  }

  /** Waits until the job has logged an event whose message contains {@code text}. */
  public static JobEvent awaitEvent(Job job, String text) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 20_000;
    while (System.currentTimeMillis() < deadline) {
      for (JobEvent e : job.eventsAfter(0, 0)) {
        if (e.message() != null && e.message().contains(text)) {
          return e;
        }
      }
      Thread.sleep(10);
    }
    throw new AssertionError("job " + job.id() + " never said '" + text + "': " + messages(job));
  }

  public static List<String> messages(Job job) throws InterruptedException {
    return job.eventsAfter(0, 0).stream().map(JobEvent::message).filter(Objects::nonNull).toList();
  }
}
