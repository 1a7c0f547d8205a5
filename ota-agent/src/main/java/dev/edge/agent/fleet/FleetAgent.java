package dev.edge.agent.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edge.agent.jobs.Job;
import dev.edge.agent.jobs.JobEngine;
import dev.edge.agent.jobs.JobEvent;
import dev.edge.agent.jobs.JobState;
import dev.edge.agent.mqtt.MqttTransport;
import dev.edge.runtime.json.Json;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's MQTT agent: announces the gateway (retained state with a Last Will, status, boards), takes
 * signed job documents from {@code edge/v1/<gw>/jobs/<jobId>}, runs the admitted ones on the {@link JobEngine}
 * and publishes every status change of every job on {@code .../jobs/<jobId>/status}.
 *
 * <p>A job document is admitted when: it is at most {@link SignedJobs#MAX_BYTES}; its signature checks against
 * a fleet key; its jobId is the one in the topic; it is for this gateway, issued, and not expired; its seq was
 * not used before ({@link ReplayWindow}); and its type's handler accepts its fields. Anything else is REJECTED
 * with the reason and never run. A jobId the engine knows is not run again: its current status is republished.
 */
public final class FleetAgent implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FleetAgent.class);
  /** Fields of the fleet's envelope, not of the job's type. */
  private static final List<String> ENVELOPE = List.of("jobId", "gateway", "issuedAt", "expiresAt", "seq");
  /** Progress updates of one job are published at most this often; state changes and phases always. */
  static final long PROGRESS_INTERVAL_MILLIS = 250;
  static final String CANCEL = "job.cancel";
  /** The field of an engine document that says which signed fleet document it came from. */
  static final String ORIGIN = "fleetOrigin";
  private static final int RECENT_JOBS = 10;

  private final AgentConfig config;
  private final FleetTopics topics;
  private final MqttTransport transport;
  private final JobEngine engine;
  private final Supplier<Map<String, Object>> facts;
  private final Clock clock;
  private final ReplayWindow replay;
  private final FleetPublisher publisher;
  private final HaDiscovery discovery;
  private final Instant started;
  private final Map<String, Map<String, Object>> boards = new ConcurrentHashMap<>();
  private final Map<String, Long> lastProgress = new ConcurrentHashMap<>();
  private final ExecutorService admissions = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "fleet-jobs");
    t.setDaemon(true);
    return t;
  });
  private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "fleet-heartbeat");
    t.setDaemon(true);
    return t;
  });
  private volatile boolean closed;

  /**
   * @param facts what the status reports about the gateway besides boards and jobs (version, OS, images, ...)
   */
  public FleetAgent(AgentConfig config, MqttTransport transport, JobEngine engine,
      Supplier<Map<String, Object>> facts) throws IOException {
    this(config, transport, engine, facts, Clock.systemUTC());
  }

  FleetAgent(AgentConfig config, MqttTransport transport, JobEngine engine, Supplier<Map<String, Object>> facts,
      Clock clock) throws IOException {
    this.config = config;
    this.topics = new FleetTopics(config.gatewayId());
    this.transport = transport;
    this.engine = engine;
    this.facts = facts;
    this.clock = clock;
    this.replay = new ReplayWindow(config.stateDir().resolve("replay.json"));
    for (Job job : engine.list()) {
      JsonNode origin = job.document().path(ORIGIN);
      if (origin.hasNonNull("key") && origin.hasNonNull("seq") && origin.hasNonNull("expiresAt")) {
        replay.remember(origin.get("key").asText(), origin.get("seq").asLong(),
            Instant.parse(origin.get("expiresAt").asText()));
      }
    }
    this.publisher = new FleetPublisher(transport, new Outbox(config.stateDir().resolve("outbox"),
        config.outboxLimit()));
    this.discovery = config.haDiscovery() ? new HaDiscovery(topics) : null;
    this.started = clock.instant();
  }

  /** The Last Will the transport must be created with: the retained offline state. */
  public static MqttTransport.Will will(String gatewayId) {
    FleetTopics t = new FleetTopics(gatewayId);
    return new MqttTransport.Will(t.state(), json(Map.of("state", "offline", "gateway", t.gateway())), 1, true);
  }

  public FleetTopics topics() {
    return topics;
  }

  /** Subscribes, listens to the engine and starts connecting; returns at once. */
  public void start() {
    engine.addListener(this::jobChanged);
    // A daemon killed between a job's end and its status leaving the outbox would leave the operator waiting:
    // the last few jobs' statuses go out again (a status is idempotent: the newest state wins).
    List<Job> known = engine.list();
    known.subList(Math.max(0, known.size() - RECENT_JOBS), known.size()).forEach(this::publishStatus);
    transport.subscribe(topics.jobFilter(), 1, (topic, payload) -> later(() -> admit(topic, payload)));
    transport.subscribe(topics.rebirth(), 1, (topic, payload) -> later(this::birth));
    if (discovery != null) {
      transport.subscribe(HaDiscovery.HA_STATUS, 0, (topic, payload) -> {
        if ("online".equals(new String(payload, java.nio.charset.StandardCharsets.UTF_8).trim())) {
          later(this::birth);
        }
      });
    }
    transport.start(new MqttTransport.ConnectionListener() {
      @Override
      public void connected(boolean reconnect) {
        later(FleetAgent.this::birth);
      }

      @Override
      public void lost(Throwable cause) {
        // the outbox takes what is published meanwhile; the broker publishes our will if we stay away
        publisher.connectionLost();
      }
    });
    long beat = config.heartbeat().toMillis();
    heartbeat.scheduleAtFixedRate(() -> {
      publisher.latest(topics.status(), json(status()), 0, true);
      publisher.drain(); // picks up what a refused publish left in the outbox while connected
    }, beat, beat, TimeUnit.MILLISECONDS);
  }

  /** Everything retained again, then what waited in the outbox: on (re)connect and on {@code cmd/rebirth}. */
  private void birth() {
    if (closed) {
      return;
    }
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("state", "online");
    state.put("gateway", topics.gateway());
    state.put("since", started.toString());
    state.put("time", clock.instant().toString());
    publisher.latest(topics.state(), json(state), 1, true);
    publisher.latest(topics.status(), json(status()), 1, true);
    boards.forEach((name, info) -> publisher.latest(topics.board(name), json(info), 1, true));
    if (discovery != null) {
      discovery.documents(boards).forEach((topic, doc) -> publisher.latest(topic, json(doc), 1, true));
    }
    publisher.drain();
  }

  // ---- jobs in ----

  private void admit(String topic, byte[] payload) {
    String jobId = topics.jobIdOf(topic).orElse(null);
    if (jobId == null || !FleetTopics.isJobId(jobId)) {
      LOG.warn("fleet: ignoring a message on {}: not a job topic", topic);
      return;
    }
    try {
      SignedJobs.Opened opened = SignedJobs.verify(payload, config.fleetKeys());
      ObjectNode doc = opened.document();
      String inside = doc.path("jobId").asText("");
      if (!inside.equals(jobId)) {
        throw new JobRejectedException("invalid: the topic names job " + jobId + " but the document is job '"
            + inside + "'");
      }
      var known = engine.find(jobId);
      if (known.isPresent()) {
        LOG.info("fleet: job {} delivered again; republishing its status ({})", jobId, known.get().state());
        publishStatus(known.get());
        return;
      }
      Instant now = clock.instant();
      JobDocuments.Header header = JobDocuments.check(doc, topics.gateway(), now);
      if (!replay.admit(opened.keyId(), header.seq(), header.expiresAt(), now)) {
        throw new JobRejectedException("replayed: seq " + header.seq() + " of key " + opened.keyId()
            + " was used before");
      }
      if (CANCEL.equals(header.type())) {
        cancel(jobId, doc);
        return;
      }
      ObjectNode engineDoc = doc.deepCopy();
      ENVELOPE.forEach(engineDoc::remove);
      engineDoc.put("id", jobId);
      // The job record keeps what the replay window needs, so the window can be rebuilt from the records
      ObjectNode origin = engineDoc.putObject(ORIGIN);
      origin.put("key", opened.keyId());
      origin.put("seq", header.seq());
      origin.put("expiresAt", header.expiresAt().toString());
      try {
        engine.submit(engineDoc);
        LOG.info("fleet: job {} ({}) accepted", jobId, header.type());
      } catch (IllegalArgumentException e) {
        throw new JobRejectedException("invalid: " + e.getMessage());
      }
    } catch (JobRejectedException e) {
      reject(jobId, e.getMessage());
    } catch (IOException e) {
      reject(jobId, "the gateway cannot record the job: " + e.getMessage());
    } catch (RuntimeException e) {
      LOG.error("fleet: job {} could not be admitted", jobId, e);
      reject(jobId, "the gateway failed to admit the job: " + e);
    }
  }

  private void reject(String jobId, String reason) {
    LOG.warn("fleet: job {} REJECTED: {}", jobId, reason);
    publishMessage(new JobStatusMessage(jobId, topics.gateway(), null, JobState.REJECTED.name(), null, null, null,
        reason, null, 0, clock.instant().toString()));
  }

  /** A signed {@code job.cancel} {@code {"target": JOB_ID}}: ends as SUCCEEDED when the target was stopped. */
  private void cancel(String jobId, JsonNode doc) {
    String target = doc.path("target").asText("");
    boolean stopped = !target.isEmpty() && engine.cancel(target, "canceled by job " + jobId);
    String now = clock.instant().toString();
    publishMessage(stopped
        ? new JobStatusMessage(jobId, topics.gateway(), CANCEL, JobState.SUCCEEDED.name(), null, null,
            "canceled " + target, null, Map.of("target", target), 1, now)
        : new JobStatusMessage(jobId, topics.gateway(), CANCEL, JobState.FAILED.name(), null, null, null,
            target.isEmpty() ? "target: the job to cancel is missing" : "job " + target
                + (engine.find(target).isPresent() ? " has already finished" : " is not known here"), null, 1,
            now));
  }

  // ---- status out ----

  private void jobChanged(Job job, JobEvent event) {
    if (event == null || JobEvent.STATE.equals(event.kind()) || JobEvent.PHASE.equals(event.kind())) {
      publishStatus(job);
      if (event != null && job.state().done()) {
        lastProgress.remove(job.id());
        // not here: the job's lock is held, and the status document takes the engine's
        later(() -> jobFinished(job));
      }
    } else if (JobEvent.PROGRESS.equals(event.kind())) {
      long now = System.currentTimeMillis();
      Long last = lastProgress.get(job.id());
      if (last == null || now - last >= PROGRESS_INTERVAL_MILLIS) {
        lastProgress.put(job.id(), now);
        publishStatus(job);
      }
    }
  }

  private void publishStatus(Job job) {
    Map<String, Object> s = job.summary();
    @SuppressWarnings("unchecked")
    Map<String, Object> result = (Map<String, Object>) s.get("result");
    publishMessage(new JobStatusMessage(job.id(), topics.gateway(), job.type(), (String) s.get("state"),
        (String) s.get("phase"), (Integer) s.get("percent"), (String) s.get("message"), (String) s.get("error"),
        result, job.lastSeq(), clock.instant().toString()));
  }

  private void publishMessage(JobStatusMessage m) {
    publisher.reliable(topics.jobStatus(m.jobId()), json(m), false);
  }

  private void later(Runnable task) {
    try {
      admissions.execute(task);
    } catch (java.util.concurrent.RejectedExecutionException closing) {
      // the agent is closing; the next start republishes the status
    }
  }

  /** A finished flash updates the record of the board it wrote, and the status changes. */
  private void jobFinished(Job job) {
    Map<String, Object> result = job.result();
    Object port = result == null ? null : result.get("port");
    if (port != null) {
      boards.forEach((name, info) -> {
        if (port.equals(info.get("port"))) {
          Map<String, Object> updated = new LinkedHashMap<>(info);
          Map<String, Object> last = new LinkedHashMap<>();
          last.put("job", job.id());
          last.put("result", job.state().name());
          last.put("at", clock.instant().toString());
          if (result.get("sha256") != null) {
            last.put("sha256", result.get("sha256"));
          }
          updated.put("lastFlash", last);
          for (String fact : List.of("chip", "mac", "flashSize")) {
            if (result.get(fact) != null) {
              updated.put(fact, result.get(fact));
            }
          }
          boardAttached(name, updated);
        }
      });
    }
    publisher.latest(topics.status(), json(status()), 1, true);
  }

  /** A board appeared or changed: its retained record (port, by-id path, bridge, chip, ...). */
  public void boardAttached(String board, Map<String, Object> info) {
    Map<String, Object> merged = new LinkedHashMap<>(boards.getOrDefault(board, Map.of()));
    merged.putAll(info);
    boards.put(board, merged);
    publisher.latest(topics.board(board), json(merged), 1, true);
    if (discovery != null) {
      discovery.boardDocuments(board, merged).forEach((t, d) -> publisher.latest(t, json(d), 1, true));
    }
  }

  /** A board went away: its retained record is cleared (an empty retained message). */
  public void boardDetached(String board) {
    boards.remove(board);
    publisher.latest(topics.board(board), new byte[0], 1, true);
    if (discovery != null) {
      discovery.boardRemoval(board).forEach(t -> publisher.latest(t, new byte[0], 1, true));
    }
  }

  /** An event of the gateway (attach, detach, pull, container exit) for {@code edge/v1/<gw>/events}. */
  public void event(Map<String, Object> event) {
    Map<String, Object> e = new LinkedHashMap<>(event);
    e.putIfAbsent("time", clock.instant().toString());
    publisher.reliable(topics.events(), json(e), false);
  }

  /** The retained status document. */
  public Map<String, Object> status() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("gateway", topics.gateway());
    s.putAll(facts.get());
    s.put("uptimeSeconds", Duration.between(started, clock.instant()).toSeconds());
    s.put("boards", new ArrayList<>(boards.values()));
    List<Job> jobs = engine.list();
    List<Map<String, Object>> recent = new ArrayList<>();
    for (int i = Math.max(0, jobs.size() - RECENT_JOBS); i < jobs.size(); i++) {
      Map<String, Object> j = jobs.get(i).summary();
      j.remove("result");
      recent.add(j);
    }
    s.put("jobs", recent);
    s.put("outbox", Map.of("buffered", publisher.buffered(), "dropped", publisher.dropped()));
    s.put("time", clock.instant().toString());
    return s;
  }

  /** Waits until what was handed to the publisher so far has been sent or buffered (tests, shutdown). */
  public void flush() throws InterruptedException {
    admissionsIdle();
    publisher.flush(5000);
  }

  private void admissionsIdle() throws InterruptedException {
    java.util.concurrent.CountDownLatch idle = new java.util.concurrent.CountDownLatch(1);
    try {
      admissions.execute(idle::countDown);
      idle.await(5, TimeUnit.SECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closed already
    }
  }

  /**
   * A clean shutdown: the offline state is published by us (the broker keeps the will for unclean ends), then
   * the connection is closed cleanly.
   */
  @Override
  public void close() throws IOException {
    closed = true;
    heartbeat.shutdownNow();
    try {
      admissionsIdle();
      admissions.shutdown();
      publisher.latest(topics.state(), json(Map.of("state", "offline", "gateway", topics.gateway(), "time",
          clock.instant().toString())), 1, true);
      publisher.flush(5000);
      publisher.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    transport.close();
  }

  static byte[] json(Object value) {
    try {
      return Json.mapper().writeValueAsBytes(value);
    } catch (IOException e) {
      throw new IllegalStateException("encoding a fleet message: " + e.getMessage(), e);
    }
  }
}
