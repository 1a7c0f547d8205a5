package dev.edge.runtime.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edge.runtime.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One OCI runtime binary (crun or runc) driven through its command line, which is the
 * interface both share. Creating a container is conmon's job; this covers the rest of the
 * lifecycle and the daemon's questions ("is it still there?").
 */
public final class OciRuntime {
  /** runc and crun answer state/kill/delete in milliseconds; more means something is stuck. */
  private static final long COMMAND_TIMEOUT_SECONDS = 30;

  private final String name;
  private final Path binary;
  private final Path stateRoot;

  /**
   * @param stateRoot the runtime's {@code --root}: edge keeps its containers' runtime state
   *     apart from other engines using the same binary
   */
  public OciRuntime(String name, Path binary, Path stateRoot) {
    this.name = name;
    this.binary = binary;
    this.stateRoot = stateRoot;
  }

  public String name() {
    return name;
  }

  public Path binary() {
    return binary;
  }

  public Path stateRoot() {
    return stateRoot;
  }

  /** The global arguments every invocation carries (conmon passes them on as well). */
  public List<String> globalArgs() {
    return List.of("--root", stateRoot.toString());
  }

  public void start(String id) throws IOException {
    run("start", id);
  }

  public void kill(String id, String signal) throws IOException {
    run("kill", id, signal);
  }

  /** Kills every process of the container, including those exec'd into it. */
  public void killAll(String id, String signal) throws IOException {
    run("kill", "--all", id, signal);
  }

  /** Removes the runtime's record; {@code force} kills the container first. */
  public void delete(String id, boolean force) throws IOException {
    if (force) {
      run("delete", "--force", id);
    } else {
      run("delete", id);
    }
  }

  /** The runtime's view of a container, or empty when it does not know the id. */
  public Optional<RuntimeState> state(String id) throws IOException {
    Result r = exec(List.of("state", id));
    if (r.exit != 0) {
      if (r.output.contains("does not exist") || r.output.contains("not found")
          || r.output.contains("No such file")) {
        return Optional.empty();
      }
      throw new IOException(name + " state " + id + ": " + r.output.strip());
    }
    JsonNode state = Json.mapper().readTree(r.output);
    return Optional.of(new RuntimeState(state.path("status").asText(),
        state.path("pid").asInt(0)));
  }

  /** Runs the runtime and returns its combined output; a non-zero exit is an error. */
  String run(String... args) throws IOException {
    Result r = exec(List.of(args));
    if (r.exit != 0) {
      throw new IOException(name + " " + String.join(" ", args) + ": " + cleanError(r.output));
    }
    return r.output;
  }

  private Result exec(List<String> args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(globalArgs());
    command.addAll(args);
    Process p = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    byte[] out = p.getInputStream().readAllBytes();
    try {
      if (!p.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(name + " " + String.join(" ", args) + ": no answer in "
            + COMMAND_TIMEOUT_SECONDS + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IOException(name + " " + args.get(0) + " interrupted", e);
    }
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  /** runc prints logrus lines ({@code time=... level=error msg="..."}); keep the message. */
  public static String cleanError(String output) {
    String text = output.strip();
    int msg = text.lastIndexOf("msg=\"");
    if (msg >= 0) {
      String rest = text.substring(msg + 5);
      int end = rest.lastIndexOf('"');
      text = (end > 0 ? rest.substring(0, end) : rest).replace("\\\"", "\"");
    }
    return text;
  }

  private record Result(int exit, String output) {}

  /** {@code created}, {@code running}, {@code paused} or {@code stopped}, and the init pid. */
  public record RuntimeState(String status, int pid) {
    public boolean alive() {
      return status.equals("running") || status.equals("created") || status.equals("paused");
    }
  }
}
