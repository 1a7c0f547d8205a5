package dev.edge.runtime.container;

import dev.edge.runtime.api.ApiException;
import dev.edge.runtime.api.RawStream;
import dev.edge.runtime.events.EventBus;
import dev.edge.runtime.fs.FileTrees;
import dev.edge.runtime.monitor.AttachPump;
import dev.edge.runtime.monitor.Conmon;
import dev.edge.runtime.monitor.ExecSession;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code docker exec}: extra processes in a running container, each under its own conmon so a
 * TTY and the exit status come the same way as for the container itself. Exec sessions live in
 * memory only, as in Docker.
 */
public final class ExecService {
  private static final Logger LOG = LoggerFactory.getLogger(ExecService.class);

  private final ContainerService containers;
  private final Conmon conmon;
  private final EventBus events;
  private final Path home;
  private final Map<String, Exec> execs = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();

  ExecService(ContainerService containers, Conmon conmon, EventBus events, Path home)
      throws IOException {
    this.containers = containers;
    this.conmon = conmon;
    this.events = events;
    this.home = Files.createDirectories(home);
    FileTrees.delete(home); // sessions of a previous daemon are gone with it
    Files.createDirectories(home);
  }

  /** One exec session: its request and what became of it. */
  public static final class Exec {
    final String id;
    final Container container;
    final ExecConfig config;
    volatile boolean running;
    volatile int exitCode;
    volatile int pid;
    volatile boolean started;

    Exec(String id, Container container, ExecConfig config) {
      this.id = id;
      this.container = container;
      this.config = config;
    }

    public String id() {
      return id;
    }

    public Container container() {
      return container;
    }

    public ExecConfig config() {
      return config;
    }

    public boolean running() {
      return running;
    }

    public Integer exitCode() {
      return started && !running ? exitCode : null;
    }

    public int pid() {
      return pid;
    }
  }

  public Exec create(Container c, ExecConfig config) {
    if (!containers.isRunning(c) || c.state().restarting()) {
      throw ApiException.conflict("Container " + c.id() + " is not running");
    }
    if (config.cmd().isEmpty()) {
      throw ApiException.badRequest("No exec command specified");
    }
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    Exec e = new Exec(HexFormat.of().formatHex(bytes), c, config);
    execs.put(e.id, e);
    events.publish("container", "exec_create: " + String.join(" ", config.cmd()), c.id(),
        containers.attributes(c));
    return e;
  }

  public Exec resolve(String id) {
    Exec e = execs.get(id);
    if (e == null) {
      throw ApiException.notFound("No such exec instance: " + id);
    }
    return e;
  }

  public List<String> idsOf(Container c) {
    return execs.values().stream().filter(e -> e.container == c).map(e -> e.id).toList();
  }

  void forget(String containerId) {
    execs.values().removeIf(e -> e.container.id().equals(containerId));
  }

  /**
   * Runs the exec. With a stream, its stdio travel over it until the process ends; without
   * one (detached) the output is dropped, as {@code docker exec -d} does.
   */
  public void start(Exec e, RawStream stream) throws IOException {
    Path dir;
    ExecSession.Started started;
    ExecSession session;
    synchronized (e) {
      if (e.started) {
        throw ApiException.conflict("Exec " + e.id + " has already been started");
      }
      if (!containers.isRunning(e.container)) {
        throw ApiException.conflict("Container " + e.container.id() + " is not running");
      }
      e.started = true;
      e.running = true;
    }
    try {
      dir = Files.createDirectories(home.resolve(e.id.substring(0, 12)));
      Path spec = containers.plumbingFor().writeExecSpec(e.container, e.config, dir);
      session = conmon.exec(containers.runtimeOf(e.container), new Conmon.ExecSpec(
          e.container.id(), e.id.substring(0, 12), dir, spec, e.config.tty(),
          e.config.attachStdin(), containers.socketDir(), dir.resolve("conmon.log")));
      started = session.begin();
    } catch (IOException | RuntimeException ex) {
      e.running = false;
      e.exitCode = ex.getMessage() != null && ex.getMessage().contains("not found") ? 127 : 126;
      throw ex instanceof ApiException api ? api : ApiException.badRequest(ex.getMessage());
    }
    e.pid = started.pid();
    events.publish("container", "exec_start: " + String.join(" ", e.config.cmd()),
        e.container.id(), containers.attributes(e.container));
    Thread input = null;
    try {
      if (stream != null && e.config.attachStdin()) {
        input = new Thread(() -> {
          try {
            AttachPump.input(stream.input(), started.socket());
          } catch (IOException ex) {
            LOG.debug("exec {} stdin: {}", e.id, ex.toString());
          }
        }, "exec-stdin-" + e.id.substring(0, 12));
        input.setDaemon(true);
        input.start();
      }
      OutputStream out = stream == null ? OutputStream.nullOutputStream() : stream.output();
      try {
        AttachPump.output(started.socket(), out, new AttachPump.Options(
            e.config.attachStdout() || stream == null, e.config.attachStderr() || stream == null,
            e.config.tty()));
      } catch (IOException ex) {
        LOG.debug("exec {} output: {}", e.id, ex.toString());
      }
      e.exitCode = session.awaitExit();
    } finally {
      e.running = false;
      started.socket().close();
      if (input != null) {
        input.interrupt();
      }
      FileTrees.delete(dir);
    }
    Map<String, String> attrs = containers.attributes(e.container);
    attrs.put("execID", e.id);
    attrs.put("exitCode", Integer.toString(e.exitCode));
    events.publish("container", "exec_die", e.container.id(), attrs);
  }

  /** {@code POST /exec/{id}/resize}. */
  public void resize(Exec e, int height, int width) throws IOException {
    if (!e.config.tty() || !e.running) {
      return;
    }
    ContainerService.resizeTerminal(home.resolve(e.id.substring(0, 12)), height, width);
  }
}
