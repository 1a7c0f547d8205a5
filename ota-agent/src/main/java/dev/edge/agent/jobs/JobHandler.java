package dev.edge.agent.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

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

  /** A checked job, ready to run on the engine's thread. */
  @FunctionalInterface
  interface Run {
    /** Does the work; the returned values become the job's result. */
    Map<String, Object> run(JobProgress progress) throws JobFailedException, InterruptedException;
  }
}
