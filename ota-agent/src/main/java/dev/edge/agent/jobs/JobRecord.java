package dev.edge.agent.jobs;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** A job as {@link JobStore} keeps it on disk ({@code ROOT/jobs/<id>.json}). */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
record JobRecord(String id, String type, JsonNode document, JobState state, String phase, Integer percent,
                 String message, String error, Map<String, Object> result, String createdAt, String startedAt,
                 String finishedAt, List<JobEvent> events) {
  JobRecord {
    events = events == null ? List.of() : List.copyOf(events);
  }
}
