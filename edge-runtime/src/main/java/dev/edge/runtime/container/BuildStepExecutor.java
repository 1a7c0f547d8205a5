package dev.edge.runtime.container;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edge.runtime.build.run.RunOutcome;
import dev.edge.runtime.build.run.RunStep;
import dev.edge.runtime.build.run.StepExecutor;
import dev.edge.runtime.fs.FileTrees;
import dev.edge.runtime.json.Json;
import dev.edge.runtime.logs.LogReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * Runs a build's RUN step as a real container of the image built so far, as Docker's classic
 * builder does: created, started and waited for through {@link ContainerService}, its output
 * followed in its log, its changes read from its overlay upper directory before it is removed.
 */
public final class BuildStepExecutor implements StepExecutor {
  /** As many lines as a failed step's error message shows. */
  static final int LAST_LINES = 10;
  private static final String LABEL = "dev.edge.build.step";

  private final ContainerService containers;
  private final Path scratch;

  /** @param scratch where heredoc scripts wait to be bind-mounted into the step's container */
  public BuildStepExecutor(ContainerService containers, Path scratch) {
    this.containers = containers;
    this.scratch = scratch;
  }

  private record Running(RunOutcome outcome, Container container, Path scripts,
      Consumer<String> output) {}

  private final java.util.Map<Path, Running> kept = new java.util.concurrent.ConcurrentHashMap<>();

  @Override
  public RunOutcome run(String parentImageId, RunStep step, Consumer<String> output,
      java.util.function.BooleanSupplier cancelled) throws IOException, InterruptedException {
    Path scripts = step.files().isEmpty() ? null : writeScripts(step);
    Container c;
    try {
      c = containers.create(CreateRequest.fromJson(request(parentImageId, step, scripts)),
          null);
    } catch (IOException | RuntimeException e) {
      deleteQuietly(scripts);
      throw e;
    }
    output.accept(" ---> Running in " + c.shortId());
    Deque<String> last = new ArrayDeque<>();
    int exitCode;
    try {
      var exit = containers.waitFor(c, "next-exit");
      containers.start(c);
      new LogReader(containers.logPath(c)).read(new LogReader.Query(-1, null, null, true),
          entry -> {
            if (!entry.partial()) {
              output.accept(entry.text());
              last.addLast(entry.text());
              if (last.size() > LAST_LINES) {
                last.removeFirst();
              }
            }
            return true;
          }, () -> {
            if (cancelled.getAsBoolean() && containers.isRunning(c)) {
              stopQuietly(c);
            }
            return containers.isRunning(c);
          });
      exitCode = exit.get().statusCode();
    } catch (ExecutionException e) {
      discard(c, scripts);
      throw new IOException("RUN container " + c.shortId() + ": " + e.getCause(), e.getCause());
    } catch (IOException | RuntimeException | InterruptedException e) {
      discard(c, scripts);
      throw e;
    }
    RunOutcome outcome = new RunOutcome(exitCode, c.dir.resolve("upper"), List.copyOf(last));
    kept.put(outcome.changes(), new Running(outcome, c, scripts, output));
    return outcome;
  }

  @Override
  public void release(RunOutcome outcome) throws IOException {
    Running running = kept.remove(outcome.changes());
    if (running != null) {
      discard(running.container(), running.scripts());
      running.output().accept("Removing intermediate container "
          + running.container().shortId());
    }
  }

  private ObjectNode request(String image, RunStep step, Path scripts) {
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("Image", image);
    body.putArray("Entrypoint").add("");
    ArrayNode cmd = body.putArray("Cmd");
    step.argv().forEach(cmd::add);
    ArrayNode env = body.putArray("Env");
    step.env().forEach(env::add);
    body.put("User", step.user());
    body.put("WorkingDir", step.workdir() == null ? "" : step.workdir());
    body.putObject("Labels").put(LABEL, "true");
    ObjectNode host = body.putObject("HostConfig");
    // Docker's classic builder runs steps on the default network; the issue asks for the host's
    // unless the build says otherwise (RUN --network or the build's --network).
    host.put("NetworkMode", step.network() == null || step.network().isEmpty()
        || step.network().equals("default") ? "host" : step.network());
    if (scripts != null) {
      host.putArray("Binds").add(scripts + ":" + RunStep.SCRIPT_DIR.replaceAll("/$", "")
          + ":ro");
    }
    return body;
  }

  private Path writeScripts(RunStep step) throws IOException {
    Files.createDirectories(scratch);
    Path dir = Files.createTempDirectory(scratch, "scripts-");
    for (var file : step.files().entrySet()) {
      Path target = dir.resolve(Path.of(file.getKey()).getFileName().toString());
      Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
      Files.setPosixFilePermissions(target, java.nio.file.attribute.PosixFilePermissions
          .fromString("rwxr-xr-x"));
    }
    return dir;
  }

  private void stopQuietly(Container c) {
    try {
      containers.stop(c, 1, null);
    } catch (IOException | RuntimeException e) {
      org.slf4j.LoggerFactory.getLogger(BuildStepExecutor.class)
          .warn("stopping build container {}: {}", c.shortId(), e.toString());
    }
  }

  private void discard(Container c, Path scripts) {
    try {
      containers.remove(c, true, true);
    } catch (IOException | RuntimeException e) {
      org.slf4j.LoggerFactory.getLogger(BuildStepExecutor.class)
          .warn("removing build container {}: {}", c.shortId(), e.toString());
    }
    deleteQuietly(scripts);
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try {
      FileTrees.delete(dir);
    } catch (IOException e) {
      // a leftover script directory under the build scratch space is harmless
    }
  }
}
