package dev.edge.agent.firmware;

import dev.edge.agent.jobs.JobFailedException;
import dev.edge.runtime.container.Container;
import dev.edge.runtime.container.ContainerService;
import dev.edge.runtime.container.CreateRequest;
import dev.edge.runtime.json.Json;
import dev.edge.runtime.logs.LogReader;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a build in a container of the daemon: the project bind-mounted read-write at {@code /project}, no
 * network but loopback, {@code SOURCE_DATE_EPOCH} set, the command as the invoking user (no entrypoint, no
 * shell), its log followed as it is written. The container is removed afterwards, whatever happened.
 */
public final class ContainerBuildRunner implements BuildRunner {
  private static final Logger LOG = LoggerFactory.getLogger(ContainerBuildRunner.class);
  /** Label naming the project a firmware build container works on, for {@code edge ps -a} and cleanup. */
  public static final String LABEL = "dev.edge.firmware.project";

  private final ContainerService containers;

  public ContainerBuildRunner(ContainerService containers) {
    this.containers = containers;
  }

  @Override
  public int run(BuildInvocation inv, BiConsumer<String, String> log) throws JobFailedException, InterruptedException {
    Container c;
    try {
      c = containers.create(CreateRequest.fromJson(Json.mapper().valueToTree(createBody(inv))), null);
    } catch (IOException | RuntimeException e) {
      throw new JobFailedException("creating the build container from " + inv.imageId() + ": " + e.getMessage(), e);
    }
    try {
      CompletableFuture<?> exit = containers.waitFor(c, "next-exit");
      try {
        containers.start(c);
      } catch (IOException | RuntimeException e) {
        throw new JobFailedException("build command " + inv.command() + " could not start: " + e.getMessage(), e);
      }
      follow(c, exit, log);
      try {
        exit.get();
      } catch (java.util.concurrent.ExecutionException e) {
        throw new JobFailedException("waiting for the build container: " + e.getCause(), e);
      }
      return c.state().exitCode();
    } finally {
      try {
        containers.remove(c, true, false);
      } catch (IOException | RuntimeException e) {
        LOG.warn("removing build container {}: {}", c.shortId(), e.toString());
      }
    }
  }

  static Map<String, Object> createBody(BuildInvocation inv) {
    Map<String, Object> host = new LinkedHashMap<>();
    host.put("Binds", List.of(inv.projectDir() + ":" + BuildInvocation.MOUNT));
    host.put("NetworkMode", "none");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("Image", inv.imageId());
    body.put("Entrypoint", List.of());
    body.put("Cmd", inv.command());
    body.put("WorkingDir", inv.containerWorkdir());
    body.put("User", inv.uid() + ":" + inv.gid());
    body.put("Env", List.of("SOURCE_DATE_EPOCH=" + inv.sourceDateEpoch()));
    body.put("Labels", Map.of(LABEL, inv.projectDir().toString()));
    body.put("HostConfig", host);
    return body;
  }

  /** Passes the log on line by line until the container has exited and the file is read to its end. */
  private void follow(Container c, CompletableFuture<?> exit, BiConsumer<String, String> log) {
    Map<Boolean, StringBuilder> partial = new HashMap<>();
    try {
      new LogReader(containers.logPath(c)).read(new LogReader.Query(-1, null, null, true), entry -> {
        StringBuilder pending = partial.computeIfAbsent(entry.stderr(), k -> new StringBuilder());
        pending.append(entry.text());
        if (!entry.partial()) {
          log.accept(entry.stderr() ? "stderr" : "stdout", pending.toString());
          pending.setLength(0);
        }
        return true;
      }, () -> !exit.isDone());
    } catch (IOException e) {
      log.accept("stderr", "edge: reading the build log failed: " + e.getMessage());
    }
  }
}
