package dev.edge.agent.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.function.BiConsumer;
import java.util.function.Function;

/** What {@link JobHandler#of} makes: a job type from its parts. */
record TypedJobHandler(String type, Duration timeout, Function<JsonNode, Run> prepareFn,
                       BiConsumer<String, JsonNode> abandonedFn) implements JobHandler {
  @Override
  public Run prepare(JsonNode document) {
    return prepareFn.apply(document);
  }

  @Override
  public void abandoned(String jobId, JsonNode document) {
    abandonedFn.accept(jobId, document);
  }
}
