package dev.edge.agent.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edge.agent.jobs.JobEngine;
import dev.edge.agent.jobs.JobFailedException;
import dev.edge.agent.jobs.JobHandler;
import dev.edge.agent.mqtt.Backoff;
import dev.edge.agent.mqtt.MosquittoBroker;
import dev.edge.agent.mqtt.MqttSettings;
import dev.edge.agent.mqtt.MqttTransport;
import dev.edge.agent.mqtt.PahoTransport;
import dev.edge.runtime.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent against Debian's mosquitto: admission, status flow, exactly-once, outages, restarts, discovery. */
class FleetAgentIntegrationTest {
  static final String GW = "gw-it";

  @TempDir Path dir;
  private MosquittoBroker broker;
  private final KeyPair fleet = FleetKeys.generate();
  private final AtomicLong seq = new AtomicLong(System.currentTimeMillis() * 1000);
  private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
  private volatile CountDownLatch gate = new CountDownLatch(0);
  private final List<AutoCloseable> open = new ArrayList<>();
  private Operator operator;
  private PahoTransport agentTransport;

  /** Counts its runs; waits for {@link #gate} when the document says so. */
  private final class TestHandler implements JobHandler {
    @Override
    public String type() {
      return "test.run";
    }

    @Override
    public Run prepare(JsonNode doc) {
      if (doc.has("count") && !doc.get("count").isInt()) {
        throw new IllegalArgumentException("count: " + doc.get("count") + " is not a number");
      }
      return progress -> {
        runs.computeIfAbsent(doc.path("id").asText(), k -> new AtomicInteger()).incrementAndGet();
        progress.phase("work", "working");
        if (doc.path("wait").asBoolean()) {
          gate.await();
        }
        progress.progress(100, "done", Map.of());
        if (doc.path("fail").asBoolean()) {
          throw new JobFailedException("asked to fail");
        }
        return Map.of("ok", true);
      };
    }
  }

  /** The operator's side: a persistent session subscribed to everything of the gateway. */
  private static final class Operator {
    final List<String> lines = new CopyOnWriteArrayList<>();
    final Map<String, List<JobStatusMessage>> statuses = new ConcurrentHashMap<>();
    final Map<String, String> retained = new ConcurrentHashMap<>();
    final PahoTransport transport;

    Operator(PahoTransport transport) {
      this.transport = transport;
      transport.subscribe("edge/v1/#", 1, this::message);
      transport.subscribe("homeassistant/#", 1, this::message);
    }

    private void message(String topic, byte[] payload) {
      String text = new String(payload, StandardCharsets.UTF_8);
      lines.add(topic + " " + text);
      retained.put(topic, text);
      if (topic.endsWith("/status") && topic.contains("/jobs/")) {
        try {
          JobStatusMessage m = Json.mapper().readValue(payload, JobStatusMessage.class);
          statuses.computeIfAbsent(m.jobId(), k -> new CopyOnWriteArrayList<>()).add(m);
        } catch (Exception e) {
          throw new AssertionError("unreadable status " + text, e);
        }
      }
    }

    JobStatusMessage awaitFinal(String jobId) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (System.nanoTime() < deadline) {
        List<JobStatusMessage> l = statuses.getOrDefault(jobId, List.of());
        if (!l.isEmpty() && l.get(l.size() - 1).isFinal()) {
          return l.get(l.size() - 1);
        }
        Thread.sleep(10);
      }
      throw new AssertionError("no final status for " + jobId + "; saw " + statuses.get(jobId));
    }

    List<String> states(String jobId) {
      return statuses.getOrDefault(jobId, List.of()).stream().map(JobStatusMessage::state).distinct().toList();
    }

    void publish(String topic, byte[] payload) throws Exception {
      transport.publish(topic, payload, 1, false);
    }
  }

  @BeforeEach
  void start() throws Exception {
    broker = MosquittoBroker.startOpen(dir.resolve("broker"));
    PahoTransport t = PahoTransport.create(MqttSettings.of("mqtt://127.0.0.1:" + broker.port()), "operator",
        dir.resolve("operator"), null, backoff(), true);
    operator = new Operator(t);
    CountDownLatch up = new CountDownLatch(1);
    t.start(connected(up));
    assertTrue(up.await(10, TimeUnit.SECONDS));
    open.add(t);
  }

  @AfterEach
  void stop() throws Exception {
    gate.countDown();
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    broker.close();
  }

  private static Backoff backoff() {
    return new Backoff(Duration.ofMillis(50), Duration.ofMillis(500), new Random());
  }

  private static MqttTransport.ConnectionListener connected(CountDownLatch latch) {
    return MqttTransport.ConnectionListener.onConnected(latch::countDown);
  }

  /** An agent with its own engine, both on {@code name}'s directories, started. */
  private FleetAgent agent(boolean ha) throws Exception {
    JobEngine engine = new JobEngine(dir.resolve("jobs"));
    engine.register(new TestHandler());
    PahoTransport t = PahoTransport.create(MqttSettings.of("mqtt://127.0.0.1:" + broker.port()), GW,
        dir.resolve("agent-mqtt"), FleetAgent.will(GW), backoff(), true);
    agentTransport = t;
    FleetAgent agent = new FleetAgent(new AgentConfig(GW, Map.of(FleetKeys.keyId(fleet.getPublic()),
        fleet.getPublic()), dir.resolve("agent"), Duration.ofSeconds(60), 10_000, ha), t, engine,
        () -> Map.of("version", "test"));
    agent.start();
    engine.resume();
    open.add(engine);
    open.add(agent);
    awaitRetained("edge/v1/" + GW + "/state", "\"online\"");
    return agent;
  }

  private void awaitRetained(String topic, String contains) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      String v = operator.retained.get(topic);
      if (v != null && v.contains(contains)) {
        return;
      }
      Thread.sleep(10);
    }
    throw new AssertionError(topic + " never carried " + contains + "; last: " + operator.retained.get(topic));
  }

  private ObjectNode job(String jobId, String fields) throws Exception {
    ObjectNode j = (ObjectNode) Json.mapper().readTree("{\"jobId\":\"" + jobId + "\",\"type\":\"test.run\""
        + (fields.isEmpty() ? "" : "," + fields) + "}");
    return JobDocuments.complete(j, GW, Instant.now(), Duration.ofMinutes(5), seq.incrementAndGet());
  }

  private byte[] signed(ObjectNode doc) {
    return SignedJobs.sign(doc, fleet.getPrivate(), FleetKeys.keyId(fleet.getPublic()));
  }

  private void send(String jobId, byte[] message) throws Exception {
    operator.publish("edge/v1/" + GW + "/jobs/" + jobId, message);
  }

  /**
   * QoS 1 is at least once: a broker that restarts sends again what its subscriber had not acknowledged. In
   * order means: leaving out repeats of what was already seen, every message arrived after its predecessors.
   */
  private static void assertInOrder(List<JobStatusMessage> all) {
    List<Long> firstArrivals = new ArrayList<>();
    for (JobStatusMessage m : all) {
      if (!firstArrivals.contains(m.seq())) {
        firstArrivals.add(m.seq());
      }
    }
    assertEquals(firstArrivals.stream().sorted().toList(), firstArrivals, "out of order: " + all);
  }

  @Test
  void aSignedJobRunsAndItsStatusFlowsInOrder() throws Exception {
    agent(false);
    send("j1", signed(job("j1", "")));
    JobStatusMessage last = operator.awaitFinal("j1");
    assertEquals("SUCCEEDED", last.state());
    assertEquals(Map.of("ok", true), last.result());
    assertEquals(List.of("QUEUED", "IN_PROGRESS", "SUCCEEDED"), operator.states("j1"));
    assertInOrder(operator.statuses.get("j1"));
    awaitRetained("edge/v1/" + GW + "/status", "\"j1\"");
    assertTrue(operator.retained.get("edge/v1/" + GW + "/status").contains("\"version\":\"test\""));
  }

  @Test
  void badDocumentsAreRejectedWithTheReasonAndNeverRun() throws Exception {
    agent(false);
    KeyPair stranger = FleetKeys.generate();
    ObjectNode expired = JobDocuments.complete((ObjectNode) Json.mapper().readTree(
        "{\"jobId\":\"r-expired\",\"type\":\"test.run\"}"), GW, Instant.now().minusSeconds(120),
        Duration.ofSeconds(60), seq.incrementAndGet());
    send("r-unsigned", Json.mapper().writeValueAsBytes(job("r-unsigned", "")));
    send("r-stranger", SignedJobs.sign(job("r-stranger", ""), stranger.getPrivate(), FleetKeys.keyId(
        fleet.getPublic())));
    send("r-unknown-key", SignedJobs.sign(job("r-unknown-key", ""), stranger.getPrivate(), FleetKeys.keyId(
        stranger.getPublic())));
    send("r-expired", signed(expired));
    send("r-json", "{not json".getBytes(StandardCharsets.UTF_8));
    send("r-type", signed(JobDocuments.complete((ObjectNode) Json.mapper().readTree(
        "{\"jobId\":\"r-type\",\"type\":\"no.such\"}"), GW, Instant.now(), Duration.ofMinutes(5),
        seq.incrementAndGet())));
    send("r-field", signed(job("r-field", "\"count\":\"many\"")));
    send("r-big", signed(job("r-big", "\"pad\":\"" + "x".repeat(SignedJobs.MAX_BYTES) + "\"")));
    send("r-topic", signed(job("r-other", "")));
    ObjectNode first = job("r-seq-a", "");
    ObjectNode replay = job("r-seq-b", "");
    replay.put("seq", first.get("seq").asLong());
    send("r-seq-a", signed(first));
    assertEquals("SUCCEEDED", operator.awaitFinal("r-seq-a").state());
    send("r-seq-b", signed(replay));
    ObjectNode otherGateway = JobDocuments.complete((ObjectNode) Json.mapper().readTree(
        "{\"jobId\":\"r-gw\",\"type\":\"test.run\"}"), "gw-other", Instant.now(), Duration.ofMinutes(5),
        seq.incrementAndGet());
    send("r-gw", signed(otherGateway));

    Map<String, String> reasons = Map.ofEntries(
        Map.entry("r-unsigned", "unsigned"), Map.entry("r-stranger", "bad signature"),
        Map.entry("r-unknown-key", "unknown key"), Map.entry("r-expired", "expired"),
        Map.entry("r-json", "malformed"), Map.entry("r-type", "unknown job type 'no.such'"),
        Map.entry("r-field", "count: \"many\" is not a number"), Map.entry("r-big", "oversized"),
        Map.entry("r-topic", "topic names job r-topic"), Map.entry("r-seq-b", "replayed"),
        Map.entry("r-gw", "for gateway 'gw-other'"));
    for (Map.Entry<String, String> r : reasons.entrySet()) {
      JobStatusMessage m = operator.awaitFinal(r.getKey());
      assertEquals("REJECTED", m.state(), r.getKey() + ": " + m);
      assertTrue(m.error().contains(r.getValue()), r.getKey() + ": " + m.error());
      assertEquals(null, runs.get(r.getKey()), r.getKey() + " must not run");
    }
    send("after", signed(job("after", "")));
    assertEquals("SUCCEEDED", operator.awaitFinal("after").state(), "the agent keeps serving");
  }

  @Test
  void aRedeliveredJobIsNotRunAgainAndItsStatusIsRepublished() throws Exception {
    agent(false);
    byte[] message = signed(job("once", ""));
    send("once", message);
    operator.awaitFinal("once");
    int before = operator.statuses.get("once").size();
    send("once", message);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (operator.statuses.get("once").size() == before && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    List<JobStatusMessage> all = operator.statuses.get("once");
    assertEquals(before + 1, all.size());
    assertEquals("SUCCEEDED", all.get(all.size() - 1).state());
    assertEquals(1, runs.get("once").get());
  }

  @Test
  void statusMadeDuringABrokerOutageArrivesAfterwardsInOrder() throws Exception {
    gate = new CountDownLatch(1);
    FleetAgent agent = agent(false);
    send("outage", signed(job("outage", "\"wait\":true")));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!operator.states("outage").contains("IN_PROGRESS") && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    broker.stop();
    // Only what is made after the agent saw the loss is sure to be ours to keep: mosquitto acknowledges before
    // it persists, so a message it took while shutting down may be lost by the broker itself.
    deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (agentTransport.isConnected() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    gate.countDown();
    for (int i = 0; i < 5; i++) {
      agent.event(Map.of("type", "test", "n", i));
    }
    agent.flush();
    Thread.sleep(300);
    broker.restart();
    assertEquals("SUCCEEDED", operator.awaitFinal("outage").state());
    assertInOrder(operator.statuses.get("outage"));
    assertEquals(List.of("QUEUED", "IN_PROGRESS", "SUCCEEDED"), operator.states("outage"));
    assertEquals(1, runs.get("outage").get());
    deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    List<String> events = List.of();
    while (System.nanoTime() < deadline && events.size() < 5) {
      Thread.sleep(10);
      // distinct: a restarted broker may deliver again what the operator had not acknowledged
      events = operator.lines.stream().filter(l -> l.startsWith("edge/v1/" + GW + "/events ")).distinct().toList();
    }
    assertEquals(5, events.size(), events + "\n" + broker.log());
    for (int i = 0; i < 5; i++) {
      assertTrue(events.get(i).contains("\"n\":" + i), events.toString());
    }
  }

  @Test
  void cancelStopsARunningJobAndACleanCloseLeavesTheStateOffline() throws Exception {
    gate = new CountDownLatch(1);
    FleetAgent agent = agent(false);
    send("long", signed(job("long", "\"wait\":true")));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!operator.states("long").contains("IN_PROGRESS") && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    ObjectNode cancel = JobDocuments.complete((ObjectNode) Json.mapper().readTree(
        "{\"jobId\":\"stop-long\",\"type\":\"job.cancel\",\"target\":\"long\"}"), GW, Instant.now(),
        Duration.ofMinutes(5), seq.incrementAndGet());
    send("stop-long", signed(cancel));
    assertEquals("SUCCEEDED", operator.awaitFinal("stop-long").state());
    JobStatusMessage canceled = operator.awaitFinal("long");
    assertEquals("CANCELED", canceled.state());
    assertTrue(canceled.error().contains("stop-long"), canceled.error());
    agent.close();
    awaitRetained("edge/v1/" + GW + "/state", "\"offline\"");
  }

  @Test
  void aRestartedAgentRunsQueuedWorkAndFailsInterruptedWork() throws Exception {
    gate = new CountDownLatch(1);
    FleetAgent agent = agent(false);
    ObjectNode cut = job("cut", "\"wait\":true");
    send("cut", signed(cut));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!operator.states("cut").contains("IN_PROGRESS") && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    for (int i = open.size() - 1; i >= 1; i--) {
      open.remove(i).close();
    }
    awaitRetained("edge/v1/" + GW + "/state", "\"offline\"");
    gate.countDown();
    // the window is rebuilt from the job records even if its own file was lost
    java.nio.file.Files.delete(dir.resolve("agent/replay.json"));
    agent(false);
    JobStatusMessage m = operator.awaitFinal("cut");
    assertEquals("FAILED", m.state());
    assertEquals(JobEngine.INTERRUPTED, m.error());
    assertEquals(1, runs.get("cut").get());
    ObjectNode replay = job("cut-again", "");
    replay.put("seq", cut.get("seq").asLong());
    send("cut-again", signed(replay));
    JobStatusMessage rejected = operator.awaitFinal("cut-again");
    assertEquals("REJECTED", rejected.state());
    assertTrue(rejected.error().startsWith("replayed"), rejected.error());
  }

  @Test
  void homeAssistantDiscoveryDescribesTheGatewayAndItsBoards() throws Exception {
    FleetAgent agent = agent(true);
    agent.boardAttached("ttyUSB0", Map.of("port", "/dev/ttyUSB0", "chip", "ESP8266EX"));
    awaitRetained("homeassistant/device/edge_gw-it/config", "connectivity");
    awaitRetained("homeassistant/device/edge_gw-it_ttyusb0/config", "\"p\":\"update\"");
    awaitRetained("edge/v1/gw-it/boards/ttyusb0", "/dev/ttyUSB0");
    agent.boardDetached("ttyUSB0");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!"".equals(operator.retained.get("edge/v1/gw-it/boards/ttyusb0")) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals("", operator.retained.get("edge/v1/gw-it/boards/ttyusb0"), "a detach clears the board");
  }
}
