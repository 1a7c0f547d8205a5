package dev.edge.runtime.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edge.runtime.api.ApiException;
import dev.edge.runtime.api.ApiExchange;
import dev.edge.runtime.api.ApiModule;
import dev.edge.runtime.api.QueryFilters;
import dev.edge.runtime.api.RawStream;
import dev.edge.runtime.api.Router;
import dev.edge.runtime.json.Json;
import dev.edge.runtime.logs.LogEntry;
import dev.edge.runtime.logs.LogReader;
import dev.edge.runtime.monitor.AttachPump;
import dev.edge.runtime.monitor.SeqPacketSocket;
import dev.edge.runtime.store.NoSuchImageException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Docker's container and exec endpoints. */
public final class ContainersApi implements ApiModule {
  private static final Logger LOG = LoggerFactory.getLogger(ContainersApi.class);
  private static final String MULTIPLEXED = "application/vnd.docker.multiplexed-stream";
  private static final String RAW = "application/vnd.docker.raw-stream";
  private static final Set<String> PS_FILTERS = Set.of("status", "name", "id", "label",
      "exited", "ancestor");

  private final ContainerService containers;

  public ContainersApi(ContainerService containers) {
    this.containers = containers;
  }

  @Override
  public void register(Router r) {
    r.post("/containers/create", this::create);
    r.get("/containers/json", this::list);
    r.post("/containers/prune", this::prune);
    r.get("/containers/{id}/json", this::inspect);
    r.post("/containers/{id}/start", this::start);
    r.post("/containers/{id}/stop", this::stop);
    r.post("/containers/{id}/restart", this::restart);
    r.post("/containers/{id}/kill", this::kill);
    r.post("/containers/{id}/wait", this::await);
    r.post("/containers/{id}/attach", this::attach);
    r.post("/containers/{id}/resize", this::resize);
    r.get("/containers/{id}/logs", this::logs);
    r.delete("/containers/{id}", this::remove);
    r.post("/containers/{id}/exec", this::execCreate);
    r.post("/exec/{id}/start", this::execStart);
    r.post("/exec/{id}/resize", this::execResize);
    r.get("/exec/{id}/json", this::execInspect);
  }

  private Container container(ApiExchange ex) {
    return containers.store().resolve(ex.pathParam("id"));
  }

  private void create(ApiExchange ex) throws IOException {
    JsonNode body = ex.readJsonTree();
    CreateRequest request;
    try {
      request = CreateRequest.fromJson(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw ApiException.badRequest("invalid container config: " + e.getOriginalMessage());
    }
    Container c;
    try {
      c = containers.create(request, ex.query("name").orElse(null));
    } catch (NoSuchImageException e) {
      throw ApiException.notFound(e.getMessage());
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
    ObjectNode out = Json.mapper().createObjectNode();
    out.put("Id", c.id());
    ArrayNode warnings = out.putArray("Warnings");
    c.warnings.forEach(warnings::add);
    ex.json(201, out);
  }

  private void list(ApiExchange ex) throws IOException {
    boolean all = ex.queryFlag("all");
    int limit = ex.queryInt("limit").orElse(-1);
    Map<String, Set<String>> filters = QueryFilters.parse(ex.query("filters"), PS_FILTERS);
    ArrayNode out = Json.mapper().createArrayNode();
    for (Container c : containers.store().all()) {
      boolean running = c.state().running();
      if ((all || running || filters.containsKey("status") || filters.containsKey("exited"))
          && matches(c, filters)) {
        out.add(ContainerViews.summary(c));
        if (limit > 0 && out.size() >= limit) {
          break;
        }
      }
    }
    ex.json(200, out);
  }

  private static boolean matches(Container c, Map<String, Set<String>> filters) {
    for (Map.Entry<String, Set<String>> f : filters.entrySet()) {
      boolean any = false;
      for (String v : f.getValue()) {
        any |= switch (f.getKey()) {
          case "status" -> c.state().status().equals(v);
          case "name" -> c.name().contains(v.startsWith("/") ? v.substring(1) : v);
          case "id" -> c.id().startsWith(v);
          case "exited" -> !c.state().running() && c.state().hasStarted()
              && Integer.toString(c.state().exitCode()).equals(v);
          case "ancestor" -> c.imageName().equals(v) || c.imageId().equals(v);
          case "label" -> {
            int eq = v.indexOf('=');
            yield eq < 0 ? c.config().labels().containsKey(v)
                : v.substring(eq + 1).equals(c.config().labels().get(v.substring(0, eq)));
          }
          default -> false;
        };
      }
      if (!any) {
        return false;
      }
    }
    return true;
  }

  private void inspect(ApiExchange ex) throws IOException {
    Container c = container(ex);
    ex.json(200, ContainerViews.inspect(c, containers.store().dir(c.id()),
        containers.logPath(c), containers.execs().idsOf(c)));
  }

  private void start(ApiExchange ex) throws IOException {
    Container c = container(ex);
    if (!containers.start(c)) {
      ex.status(304);
      return;
    }
    ex.status(204);
  }

  private void stop(ApiExchange ex) throws IOException {
    Container c = container(ex);
    boolean stopped = containers.stop(c, ex.queryInt("t").orElse(null),
        ex.query("signal").orElse(null));
    ex.status(stopped ? 204 : 304);
  }

  private void restart(ApiExchange ex) throws IOException {
    Container c = container(ex);
    containers.stop(c, ex.queryInt("t").orElse(null), ex.query("signal").orElse(null));
    containers.start(c);
    ex.status(204);
  }

  private void kill(ApiExchange ex) throws IOException {
    containers.kill(container(ex), ex.query("signal").orElse("SIGKILL"));
    ex.status(204);
  }

  /** Headers go out at once: the docker CLI waits for them before it starts the container. */
  private void await(ApiExchange ex) throws IOException {
    Container c = container(ex);
    var future = containers.waitFor(c, ex.query("condition").orElse("not-running"));
    OutputStream out = ex.rawStream(200, "application/json");
    out.flush();
    Waiters.Outcome outcome;
    try {
      outcome = future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("wait interrupted", e);
    } catch (ExecutionException e) {
      throw new IOException(e.getCause());
    }
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("StatusCode", outcome.statusCode());
    if (outcome.error() != null) {
      body.putObject("Error").put("Message", outcome.error());
    }
    out.write(Json.mapper().writeValueAsBytes(body));
    out.write('\n');
  }

  private void attach(ApiExchange ex) throws IOException {
    Container c = container(ex);
    boolean stream = ex.queryFlag("stream");
    boolean logs = ex.queryFlag("logs");
    boolean stdin = ex.queryFlag("stdin");
    AttachPump.Options options = new AttachPump.Options(ex.queryFlag("stdout"),
        ex.queryFlag("stderr"), c.config().tty());
    String contentType = c.config().tty() ? RAW : MULTIPLEXED;
    SeqPacketSocket socket = stream ? containers.attachSocket(c) : null;
    ex.upgrade(contentType, raw -> {
      try {
        if (logs) {
          replayLog(c, raw.output(), options);
        }
        if (socket == null) {
          return;
        }
        Thread input = null;
        if (stdin && c.config().openStdin()) {
          input = new Thread(() -> {
            try {
              AttachPump.input(raw.input(), socket);
            } catch (IOException e) {
              LOG.debug("attach {} stdin: {}", c.shortId(), e.toString());
            }
          }, "attach-stdin-" + c.shortId());
          input.setDaemon(true);
          input.start();
        }
        AttachPump.output(socket, raw.output(), options);
        raw.shutdownOutput();
      } catch (IOException e) {
        LOG.debug("attach {}: {}", c.shortId(), e.toString());
      } finally {
        if (socket != null) {
          socket.close();
        }
      }
    });
  }

  private void replayLog(Container c, OutputStream out, AttachPump.Options options)
      throws IOException {
    new LogReader(containers.logPath(c)).read(new LogReader.Query(-1, null, null, false),
        entry -> {
          writeEntry(out, entry, options.stdout(), options.stderr(), options.tty(), false);
          return true;
        }, () -> false);
    out.flush();
  }

  private void resize(ApiExchange ex) throws IOException {
    Container c = container(ex);
    containers.resize(c, ex.queryInt("h").orElse(24), ex.queryInt("w").orElse(80));
    ex.status(200);
  }

  private void logs(ApiExchange ex) throws IOException {
    Container c = container(ex);
    boolean stdout = ex.queryFlag("stdout");
    boolean stderr = ex.queryFlag("stderr");
    if (!stdout && !stderr) {
      throw ApiException.badRequest("Bad parameters: you must choose at least one stream");
    }
    boolean timestamps = ex.queryFlag("timestamps");
    int tail = ex.query("tail").filter(t -> !t.equals("all")).map(t -> {
      try {
        return Integer.parseInt(t);
      } catch (NumberFormatException e) {
        throw ApiException.badRequest("invalid value for tail: " + t);
      }
    }).orElse(-1);
    LogReader.Query query = new LogReader.Query(tail, time(ex, "since"), time(ex, "until"),
        ex.queryFlag("follow"));
    boolean tty = c.config().tty();
    OutputStream out = ex.rawStream(200, tty ? RAW : MULTIPLEXED);
    out.flush();
    new LogReader(containers.logPath(c)).read(query, entry -> {
      writeEntry(out, entry, stdout, stderr, tty, timestamps);
      out.flush();
      return true;
    }, () -> containers.isRunning(c));
  }

  private static void writeEntry(OutputStream out, LogEntry entry, boolean stdout,
      boolean stderr, boolean tty, boolean timestamps) throws IOException {
    if (entry.stderr() ? !stderr : !stdout) {
      return;
    }
    String text = timestamps ? entry.timeText() + " " + entry.payload() : entry.payload();
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (!tty) {
      out.write(AttachPump.frameHeader(entry.stderr() ? 2 : 1, bytes.length));
    }
    out.write(bytes);
  }

  /** Docker's since/until: Unix seconds with optional fraction, or RFC 3339. */
  private static Instant time(ApiExchange ex, String name) {
    return ex.query(name).filter(v -> !v.equals("0")).map(v -> {
      try {
        if (v.matches("\\d+(\\.\\d+)?")) {
          String[] parts = v.split("\\.");
          long nanos = parts.length > 1 ? Long.parseLong((parts[1] + "000000000")
              .substring(0, 9)) : 0;
          return Instant.ofEpochSecond(Long.parseLong(parts[0]), nanos);
        }
        return Instant.parse(v);
      } catch (RuntimeException e) {
        throw ApiException.badRequest("invalid value for " + name + ": " + v);
      }
    }).orElse(null);
  }

  private void remove(ApiExchange ex) throws IOException {
    containers.remove(container(ex), ex.queryFlag("force"), ex.queryFlag("v"));
    ex.status(204);
  }

  private void prune(ApiExchange ex) throws IOException {
    List<String> removed = containers.prune();
    ObjectNode out = Json.mapper().createObjectNode();
    ArrayNode ids = out.putArray("ContainersDeleted");
    removed.forEach(ids::add);
    out.put("SpaceReclaimed", 0);
    ex.json(200, out);
  }

  private void execCreate(ApiExchange ex) throws IOException {
    Container c = container(ex);
    ExecConfig config = ex.readJson(ExecConfig.class);
    ExecService.Exec e = containers.execs().create(c, config);
    ex.json(201, Map.of("Id", e.id()));
  }

  private void execStart(ApiExchange ex) throws IOException {
    ExecService.Exec e = containers.execs().resolve(ex.pathParam("id"));
    JsonNode body = ex.readJsonTree();
    boolean detach = body.path("Detach").asBoolean(false);
    if (detach) {
      Thread t = new Thread(() -> {
        try {
          containers.execs().start(e, null);
        } catch (IOException | RuntimeException failure) {
          LOG.info("exec {}: {}", e.id(), failure.getMessage());
        }
      }, "exec-" + e.id().substring(0, 12));
      t.setDaemon(true);
      t.start();
      ex.status(200);
      return;
    }
    String contentType = e.config().tty() ? RAW : MULTIPLEXED;
    if (!ex.wantsUpgrade()) {
      OutputStream out = ex.rawStream(200, contentType);
      containers.execs().start(e, new ResponseOnlyStream(out));
      return;
    }
    ex.upgrade(contentType, raw -> {
      try {
        containers.execs().start(e, raw);
        raw.shutdownOutput();
      } catch (IOException | RuntimeException failure) {
        // The 101 is gone: the client learns the failure from the exec's exit code.
        try {
          byte[] msg = (failure.getMessage() + "\n").getBytes(StandardCharsets.UTF_8);
          if (!e.config().tty()) {
            raw.output().write(AttachPump.frameHeader(2, msg.length));
          }
          raw.output().write(msg);
        } catch (IOException ignored) {
          // Client gone.
        }
      }
    });
  }

  private void execResize(ApiExchange ex) throws IOException {
    ExecService.Exec e = containers.execs().resolve(ex.pathParam("id"));
    containers.execs().resize(e, ex.queryInt("h").orElse(24), ex.queryInt("w").orElse(80));
    ex.status(200);
  }

  private void execInspect(ApiExchange ex) throws IOException {
    ExecService.Exec e = containers.execs().resolve(ex.pathParam("id"));
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("ID", e.id());
    o.put("Running", e.running());
    if (e.exitCode() == null) {
      o.putNull("ExitCode");
    } else {
      o.put("ExitCode", e.exitCode());
    }
    o.put("ContainerID", e.container().id());
    o.put("Pid", e.pid());
    o.put("OpenStdin", e.config().attachStdin());
    o.put("OpenStdout", e.config().attachStdout());
    o.put("OpenStderr", e.config().attachStderr());
    ObjectNode pc = o.putObject("ProcessConfig");
    pc.put("tty", e.config().tty());
    List<String> cmd = e.config().cmd();
    pc.put("entrypoint", cmd.get(0));
    ArrayNode args = pc.putArray("arguments");
    cmd.stream().skip(1).forEach(args::add);
    pc.put("user", e.config().user() == null ? "" : e.config().user());
    ex.json(200, o);
  }

  /** An exec started without a hijack (old clients): output only. */
  private record ResponseOnlyStream(OutputStream out) implements RawStream {
    @Override
    public java.io.InputStream input() {
      return java.io.InputStream.nullInputStream();
    }

    @Override
    public OutputStream output() {
      return out;
    }

    @Override
    public void shutdownOutput() {
      // The response ends when the handler returns.
    }

    @Override
    public void close() {
      // Owned by the exchange.
    }
  }
}
