package dev.edge.runtime.spec;

import java.util.List;

/** What {@code docker exec} asks for: the command and how to run it in the container. */
public record ExecRequest(
    List<String> cmd,
    List<String> env,
    String workingDir,
    String user,
    boolean tty,
    boolean privileged) {
  public ExecRequest {
    cmd = cmd == null ? List.of() : List.copyOf(cmd);
    env = env == null ? List.of() : List.copyOf(env);
    workingDir = workingDir == null ? "" : workingDir;
    user = user == null ? "" : user;
  }
}
