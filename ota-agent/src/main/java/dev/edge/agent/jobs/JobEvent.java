package dev.edge.agent.jobs;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * One line of a job's progress log.
 *
 * @param seq 1, 2, 3, ... within the job; a follower asks for the events after the last it saw
 * @param kind {@code phase} (a new phase starts), {@code progress} (percent within it), {@code log} (a line of
 *     a tool's output, with its stream), {@code warning}, {@code state} (the job's state changed)
 * @param data extra values of the event (a flash's region and bytes, a phase's result)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobEvent(long seq, String time, String kind, String phase, Integer percent, String stream,
                       String message, Map<String, Object> data) {
  public static final String PHASE = "phase";
  public static final String PROGRESS = "progress";
  public static final String LOG = "log";
  public static final String WARNING = "warning";
  public static final String STATE = "state";
}
