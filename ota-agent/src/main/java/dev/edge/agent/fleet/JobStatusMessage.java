package dev.edge.agent.fleet;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.edge.agent.jobs.JobState;
import java.util.Map;

/**
 * What {@code edge/v1/<gw>/jobs/<jobId>/status} carries (QoS 1). {@code seq} orders the messages of one job
 * (the job's event number; 0 for a rejection, which never became a job).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobStatusMessage(String jobId, String gateway, String type, String state, String phase,
                               Integer percent, String message, String error, Map<String, Object> result,
                               long seq, String time) {
  /** Whether the job has ended: any state but those {@link JobState#done} says a job is still in. */
  public boolean isFinal() {
    for (JobState s : JobState.values()) {
      if (!s.done() && s.name().equals(state)) {
        return false;
      }
    }
    return true;
  }
}
