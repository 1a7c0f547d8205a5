package dev.edge.agent.containers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edge.agent.jobs.JobFailedException;
import dev.edge.agent.jobs.JobHandler;
import dev.edge.agent.jobs.JobProgress;
import dev.edge.runtime.container.Container;
import dev.edge.runtime.container.ContainerService;
import dev.edge.runtime.container.CreateRequest;
import dev.edge.runtime.json.Json;
import dev.edge.runtime.logs.LogReader;
import dev.edge.runtime.store.NoSuchImageException;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code container.run}, {@code container.stop} and {@code container.remove}, through the daemon's
 * {@link ContainerService}: the calls the Docker API handlers make for create + start, stop and
 * {@code DELETE /containers/{id}}.
 * <ul>
 *   <li>{@code container.run}: see {@link ContainerRunRequest}. Result: {@code id}, {@code name}, and for a run
 *       that is waited for ({@code detach: false}) {@code exitCode}, whose output becomes the job's log; a
 *       non-zero exit fails the job naming the code.</li>
 *   <li>{@code container.stop} {@code {container, stopTimeoutSeconds?}}: the stop signal, then SIGKILL after the
 *       grace (default: the container's own, else 10 s). Not {@code timeoutSeconds}: the job engine reads that
 *       field of every document as the job's own deadline.</li>
 *   <li>{@code container.remove} {@code {container, force?}}.</li>
 * </ul>
 */
public final class ContainerJobs {
  private static final Logger LOG = LoggerFactory.getLogger(ContainerJobs.class);
  public static final String RUN = "container.run";
  public static final String STOP = "container.stop";
  public static final String REMOVE = "container.remove";
  /** The label that names the job a container was created for. */
  public static final String JOB_LABEL = "dev.edge.job";
  /** Docker's grace before SIGKILL, and how long the service waits for a killed container. */
  static final int DEFAULT_GRACE_SECONDS = 10;
  static final int KILL_SECONDS = 10;
  /** container.stop's deadline leaves room for the grace, the kill and a margin. */
  static final Duration STOP_TIMEOUT = Duration.ofMinutes(2);
  private static final Pattern CONTAINER_REF = Pattern.compile("/?[a-zA-Z0-9][a-zA-Z0-9_.-]*");

  private final Optional<ContainerService> containers;

  /** @param containers the daemon's, absent when it cannot run containers (no conmon) */
  public ContainerJobs(Optional<ContainerService> containers) {
    this.containers = containers;
  }

  public List<JobHandler> handlers() {
    return List.of(JobHandler.of(RUN, Duration.ofHours(1), this::prepareRun, this::cleanUpAfter),
        JobHandler.of(STOP, STOP_TIMEOUT, this::prepareStop),
        JobHandler.of(REMOVE, Duration.ofMinutes(2), this::prepareRemove));
  }

  private JobHandler.Run prepareRun(JsonNode doc) {
    ContainerRunRequest request = ContainerRunRequest.parse(doc);
    return progress -> run(request, progress);
  }

  /**
   * A run the daemon's restart interrupted: the job is FAILED, so the container it waited for (or meant to remove)
   * is stopped and, unless it was a detached run without autoRemove, removed. Detached containers are the
   * user's, as after a finished run.
   */
  private void cleanUpAfter(String jobId, JsonNode doc) {
    if (containers.isEmpty()) {
      return;
    }
    ContainerService service = containers.get();
    ContainerRunRequest request;
    try {
      request = ContainerRunRequest.parse(doc);
    } catch (IllegalArgumentException e) {
      return;
    }
    for (Container c : service.store().all()) {
      if (!jobId.equals(c.config().labels().get(JOB_LABEL))) {
        continue;
      }
      try {
        if (service.isRunning(c)) {
          LOG.info("job {} was interrupted by the restart: stopping its container {}", jobId, c.name());
          service.stop(c, DEFAULT_GRACE_SECONDS, null);
        }
        if (!request.detach() || request.autoRemove()) {
          service.remove(c, true, false);
        }
      } catch (IOException | RuntimeException e) {
        LOG.warn("job {}: cleaning up container {}: {}", jobId, c.name(), e.toString());
      }
    }
  }

  private JobHandler.Run prepareStop(JsonNode doc) {
    String ref = containerRef(doc);
    Integer grace = null;
    JsonNode g = doc.get("stopTimeoutSeconds");
    long deadline = doc.hasNonNull("timeoutSeconds") ? doc.get("timeoutSeconds").asLong()
        : STOP_TIMEOUT.toSeconds();
    if (g != null && !g.isNull()) {
      if (!g.canConvertToInt() || g.isTextual() || g.asInt() < 0) {
        throw new IllegalArgumentException("stopTimeoutSeconds: " + g + " is not a number of seconds");
      }
      grace = g.asInt();
      if (grace + KILL_SECONDS >= deadline) {
        throw new IllegalArgumentException("stopTimeoutSeconds: " + grace + " s plus " + KILL_SECONDS + " s for"
            + " SIGKILL do not fit in the job's " + deadline + " s (timeoutSeconds); the job would time out while"
            + " the container stops");
      }
    }
    Integer stopGrace = grace;
    return progress -> stop(ref, stopGrace, progress);
  }

  private JobHandler.Run prepareRemove(JsonNode doc) {
    String ref = containerRef(doc);
    JsonNode force = doc.get("force");
    if (force != null && !force.isNull() && !force.isBoolean()) {
      throw new IllegalArgumentException("force: " + force + " is not true or false");
    }
    boolean f = force != null && force.asBoolean(false);
    return progress -> remove(ref, f, progress);
  }

  private static String containerRef(JsonNode doc) {
    JsonNode c = doc.get("container");
    if (c == null || !c.isTextual() || c.asText().isEmpty()) {
      throw new IllegalArgumentException("container: missing; give the container's name or id");
    }
    if (!CONTAINER_REF.matcher(c.asText()).matches()) {
      throw new IllegalArgumentException("container: '" + c.asText() + "' is not a container name or id");
    }
    return c.asText();
  }

  private ContainerService service(String type, JobProgress progress) throws JobFailedException {
    return containers.orElseThrow(() -> new JobFailedException(name(type, progress) + ": this gateway cannot"
        + " run containers (conmon not found: apt-get install conmon)"));
  }

  private static String name(String type, JobProgress progress) {
    return type + (progress.jobId() == null ? "" : " " + progress.jobId());
  }

  private Map<String, Object> run(ContainerRunRequest request, JobProgress progress) throws JobFailedException,
      InterruptedException {
    ContainerService service = service(RUN, progress);
    String job = name(RUN, progress);
    progress.phase("create", "creating a container from " + request.image());
    Container c;
    try {
      c = service.create(CreateRequest.fromJson(Json.mapper().valueToTree(request.createBody(progress.jobId()))),
          request.name());
    } catch (NoSuchImageException e) {
      throw new JobFailedException(job + ": " + e.getMessage() + "; pull it first (image.pull)", e);
    } catch (IOException | RuntimeException e) {
      throw new JobFailedException(job + ": creating the container from " + request.image() + ": "
          + e.getMessage(), e);
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("id", c.id());
    result.put("name", c.name());
    result.put("image", request.image());
    CompletableFuture<?> exit = request.detach() ? null : service.waitFor(c, "next-exit");
    progress.phase("start", "starting " + c.name());
    try {
      service.start(c);
    } catch (IOException | RuntimeException e) {
      removeQuietly(service, c);
      throw new JobFailedException(job + ": container " + c.name() + " could not start: " + e.getMessage()
          + " (it was removed)", e);
    }
    if (request.detach()) {
      return result;
    }
    progress.phase("wait", "waiting for " + c.name() + " to exit");
    int code = awaitExit(service, c, exit, request.autoRemove(), progress);
    result.put("exitCode", code);
    if (code != 0) {
      throw new JobFailedException(job + ": container " + c.name() + " exited with code " + code);
    }
    return result;
  }

  /** Follows the log into the job until the container exits; a canceled job stops the container. */
  private int awaitExit(ContainerService service, Container c, CompletableFuture<?> exit, boolean remove,
      JobProgress progress) throws JobFailedException, InterruptedException {
    try {
      follow(service, c, exit, progress);
      try {
        exit.get();
      } catch (ExecutionException e) {
        throw new JobFailedException(name(RUN, progress) + ": waiting for " + c.name() + ": " + e.getCause(), e);
      }
      return c.state().exitCode();
    } catch (InterruptedException e) {
      stopAfterInterrupt(service, c);
      throw e;
    } finally {
      if (remove) {
        removeQuietly(service, c);
      }
    }
  }

  private static void follow(ContainerService service, Container c, CompletableFuture<?> exit,
      JobProgress progress) throws InterruptedException {
    Map<Boolean, StringBuilder> partial = new HashMap<>();
    try {
      new LogReader(service.logPath(c)).read(new LogReader.Query(-1, null, null, true), entry -> {
        StringBuilder pending = partial.computeIfAbsent(entry.stderr(), k -> new StringBuilder());
        pending.append(entry.text());
        if (!entry.partial()) {
          progress.log(entry.stderr() ? "stderr" : "stdout", pending.toString());
          pending.setLength(0);
        }
        return true;
      }, () -> !exit.isDone());
    } catch (IOException e) {
      progress.warning("reading the log of " + c.name() + ": " + e.getMessage());
    }
    if (Thread.interrupted()) {
      throw new InterruptedException("interrupted while following " + c.name());
    }
  }

  /** The job is over but the container is not: stop it (the interrupt is cleared so the stop can wait). */
  private static void stopAfterInterrupt(ContainerService service, Container c) {
    Thread.interrupted();
    try {
      service.stop(c, DEFAULT_GRACE_SECONDS, null);
    } catch (IOException | RuntimeException e) {
      LOG.warn("stopping container {} after its job ended: {}", c.name(), e.toString());
    }
  }

  private static void removeQuietly(ContainerService service, Container c) {
    try {
      service.remove(c, true, false);
    } catch (IOException | RuntimeException e) {
      LOG.warn("removing container {}: {}", c.name(), e.toString());
    }
  }

  private Map<String, Object> stop(String ref, Integer grace, JobProgress progress) throws JobFailedException {
    ContainerService service = service(STOP, progress);
    Container c = find(service, ref, STOP, progress);
    progress.phase("stop", "stopping " + c.name() + (grace == null ? "" : " (SIGKILL after " + grace + " s)"));
    boolean stopped;
    try {
      stopped = service.stop(c, grace, null);
    } catch (IOException | RuntimeException e) {
      throw new JobFailedException(name(STOP, progress) + ": stopping " + c.name() + ": " + e.getMessage(), e);
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("id", c.id());
    result.put("name", c.name());
    result.put("stopped", stopped);
    if (!stopped) {
      result.put("note", "it was not running");
    }
    return result;
  }

  private Map<String, Object> remove(String ref, boolean force, JobProgress progress) throws JobFailedException {
    ContainerService service = service(REMOVE, progress);
    Container c = find(service, ref, REMOVE, progress);
    progress.phase("remove", "removing " + c.name() + (force ? " (force)" : ""));
    try {
      service.remove(c, force, false);
    } catch (IOException | RuntimeException e) {
      throw new JobFailedException(name(REMOVE, progress) + ": removing " + c.name() + ": " + e.getMessage(), e);
    }
    return Map.of("id", c.id(), "name", c.name(), "removed", true);
  }

  private static Container find(ContainerService service, String ref, String type, JobProgress progress)
      throws JobFailedException {
    try {
      return service.store().resolve(ref);
    } catch (RuntimeException e) {
      throw new JobFailedException(name(type, progress) + ": " + e.getMessage(), e);
    }
  }
}
