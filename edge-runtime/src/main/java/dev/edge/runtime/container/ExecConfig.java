package dev.edge.runtime.container;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The body of {@code POST /containers/{id}/exec}: what to run, as whom, where. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ExecConfig(
    @JsonProperty("AttachStdin") boolean attachStdin,
    @JsonProperty("AttachStdout") boolean attachStdout,
    @JsonProperty("AttachStderr") boolean attachStderr,
    @JsonProperty("Tty") boolean tty,
    @JsonProperty("Env") List<String> env,
    @JsonProperty("Cmd") List<String> cmd,
    @JsonProperty("Privileged") boolean privileged,
    @JsonProperty("User") String user,
    @JsonProperty("WorkingDir") String workingDir) {

  public ExecConfig {
    env = env == null ? List.of() : List.copyOf(env);
    cmd = cmd == null ? List.of() : List.copyOf(cmd);
  }
}
