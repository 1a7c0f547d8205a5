package dev.edge.runtime.container;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Docker's {@code State}: where a container is in its life. Immutable; every transition makes
 * a new one, which the store writes before anyone is told.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ContainerState(
    @JsonProperty("Status") String status,
    @JsonProperty("Running") boolean running,
    @JsonProperty("Paused") boolean paused,
    @JsonProperty("Restarting") boolean restarting,
    @JsonProperty("OOMKilled") boolean oomKilled,
    @JsonProperty("Dead") boolean dead,
    @JsonProperty("Pid") int pid,
    @JsonProperty("ExitCode") int exitCode,
    @JsonProperty("Error") String error,
    @JsonProperty("StartedAt") String startedAt,
    @JsonProperty("FinishedAt") String finishedAt) {

  public static final String ZERO_TIME = "0001-01-01T00:00:00Z";

  public static ContainerState created() {
    return new ContainerState("created", false, false, false, false, false, 0, 0, "",
        ZERO_TIME, ZERO_TIME);
  }

  public ContainerState running(int pid, String now) {
    return new ContainerState("running", true, false, false, false, false, pid, 0, "", now,
        ZERO_TIME);
  }

  public ContainerState exited(int code, String now, boolean oom) {
    return new ContainerState("exited", false, false, false, oom, false, 0, code, error, startedAt,
        now);
  }

  public ContainerState failed(int code, String message, String now) {
    return new ContainerState(startedAt.equals(ZERO_TIME) ? "created" : "exited", false, false,
        false, false, false, 0, code, message, startedAt, now);
  }

  public ContainerState toRestarting() {
    return new ContainerState("restarting", true, false, true, oomKilled, false, 0, exitCode,
        error, startedAt, finishedAt);
  }

  public ContainerState removing() {
    return new ContainerState("removing", running, paused, false, oomKilled, false, pid, exitCode,
        error, startedAt, finishedAt);
  }

  public boolean hasStarted() {
    return !ZERO_TIME.equals(startedAt);
  }
}
