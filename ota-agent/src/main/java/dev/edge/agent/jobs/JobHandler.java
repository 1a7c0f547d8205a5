package dev.edge.agent.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One type of job ({@code firmware.build}, ...). The engine calls {@link #prepare} when the job is submitted,
 * so a bad document is refused before it is queued, then runs what it returned.
 */
public interface JobHandler {
  String type();

  /**
   * Checks the job document's fields for this type.
   *
   * @throws IllegalArgumentException naming the field and what is wrong with it
   */
  Run prepare(JsonNode document);

  /** How long a job of this type may run before it is TIMED_OUT; a document's {@code timeoutSeconds} wins. */
  default Duration timeout() {
    return Duration.ofHours(1);
  }

  /**
   * Whether a job of this type that was running when the daemon stopped may simply run again (a pull can: it
   * picks up the blobs it has). Others are FAILED at restart, since nothing can tell how far they got.
   */
  default boolean resumable() {
    return false;
  }

  /**
   * Called at start for a job of this type that was running when the last daemon stopped and is now FAILED as
   * interrupted: cleans up what the job left behind (a container run waits for its container, which outlives
   * the job). Must not throw for what is already gone.
   */
  default void abandoned(String jobId, JsonNode document) {
  }

  /** A handler of {@code type} whose {@code prepare} checks a document and returns its run. */
  static JobHandler of(String type, Duration timeout, Function<JsonNode, Run> prepare) {
    return of(type, timeout, prepare, (jobId, document) -> { });
  }

  /** As {@link #of(String, Duration, Function)}, with a clean-up for a run a restart interrupted. */
  static JobHandler of(String type, Duration timeout, Function<JsonNode, Run> prepare,
      BiConsumer<String, JsonNode> abandoned) {
    return new TypedJobHandler(type, timeout, prepare, abandoned);
  }

  /** A checked job, ready to run on the engine's thread. */
  @FunctionalInterface
  interface Run {
    /** Does the work; the returned values become the job's result. */
    Map<String, Object> run(JobProgress progress) throws JobFailedException, InterruptedException;
  }
}
