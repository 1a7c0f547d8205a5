package dev.edge.cli.fleet;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edge.agent.fleet.FleetTopics;
import dev.edge.agent.fleet.JobDocuments;
import dev.edge.agent.fleet.JobRejectedException;
import dev.edge.agent.fleet.JobStatusMessage;
import dev.edge.agent.fleet.SignedJobs;
import dev.edge.agent.mqtt.Backoff;
import dev.edge.agent.mqtt.MqttSettings;
import dev.edge.agent.mqtt.MqttTransport;
import dev.edge.agent.mqtt.PahoTransport;
import dev.edge.runtime.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A gateway as the fleet CLI sees one: retained online state (offline as its Last Will), retained boards, and
 * jobs that it opens with the fleet's key, checks, and answers with QUEUED, IN_PROGRESS and SUCCEEDED, or
 * FAILED for type "fail" (or every job, when made to fail). A job id seen before gets its final status again.
 */
final class FakeGateway implements AutoCloseable {
  static final String FAIL_ERROR = "the job asked to fail";

  private final String id;
  private final FleetTopics topics;
  private final Map<String, PublicKey> keys;
  private final boolean failAll;
  private final PahoTransport transport;
  private final ExecutorService worker = Executors.newSingleThreadExecutor();
  private final List<ObjectNode> jobs = new CopyOnWriteArrayList<>();
  private final Map<String, JobStatusMessage> finals = new ConcurrentHashMap<>();

  private FakeGateway(String id, Map<String, PublicKey> keys, boolean failAll, PahoTransport transport) {
    this.id = id;
    this.topics = new FleetTopics(id);
    this.keys = keys;
    this.failAll = failAll;
    this.transport = transport;
  }

  static FakeGateway start(String brokerUrl, String id, Path stateDir, Map<String, PublicKey> keys, boolean failAll)
      throws Exception {
    FleetTopics topics = new FleetTopics(id);
    PahoTransport transport = PahoTransport.create(MqttSettings.of(brokerUrl), id, stateDir,
        new MqttTransport.Will(topics.state(), utf8("{\"state\":\"offline\"}"), 1, true),
        new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), new Random()), true);
    FakeGateway gateway = new FakeGateway(id, keys, failAll, transport);
    transport.subscribe(topics.jobFilter(), 1, gateway::received);
    CountDownLatch connected = new CountDownLatch(1);
    transport.start(MqttTransport.ConnectionListener.onConnected(connected::countDown));
    if (!connected.await(10, TimeUnit.SECONDS)) {
      transport.close();
      throw new AssertionError(id + " did not connect to " + brokerUrl);
    }
    transport.publish(topics.state(), utf8("{\"state\":\"online\",\"time\":\"" + Instant.now() + "\"}"), 1, true);
    transport.publish(topics.status(), utf8("{\"version\":\"0.1.0\",\"uptimeSeconds\":7200}"), 1, true);
    return gateway;
  }

  void attach(String board) throws IOException {
    transport.publish(topics.board(board), utf8("{\"chip\":\"ESP8266EX\",\"port\":\"/dev/" + board + "\"}"), 1,
        true);
  }

  /** An empty retained message: the board left. */
  void detach(String board) throws IOException {
    transport.publish(topics.board(board), new byte[0], 1, true);
  }

  /** Says it is offline, as its Last Will would, and disconnects. */
  void goOffline() throws IOException {
    transport.publish(topics.state(), utf8("{\"state\":\"offline\"}"), 1, true);
    close();
  }

  /** The documents it accepted, in order. */
  List<ObjectNode> jobs() {
    return jobs;
  }

  private void received(String topic, byte[] payload) {
    worker.submit(() -> {
      try {
        run(topic, payload);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  private void run(String topic, byte[] payload) throws IOException {
    String jobId = topics.jobIdOf(topic).orElseThrow();
    ObjectNode doc;
    JobDocuments.Header header;
    try {
      doc = SignedJobs.open(payload, keys);
      header = JobDocuments.check(doc, id, Instant.now());
    } catch (JobRejectedException e) {
      status(jobId, null, "REJECTED", null, null, null, e.getMessage(), 0);
      return;
    }
    JobStatusMessage done = finals.get(jobId);
    if (done != null) {
      publish(done);
      return;
    }
    jobs.add(doc);
    status(jobId, header.type(), "QUEUED", null, null, null, null, 1);
    status(jobId, header.type(), "IN_PROGRESS", "run", 50, "halfway", null, 2);
    boolean fail = failAll || header.type().equals("fail");
    finals.put(jobId, fail ? status(jobId, header.type(), "FAILED", "run", null, null, FAIL_ERROR, 3)
        : status(jobId, header.type(), "SUCCEEDED", null, 100, null, null, 3, Map.of("echo", jobId)));
  }

  private JobStatusMessage status(String jobId, String type, String state, String phase, Integer percent,
      String message, String error, long seq) throws IOException {
    return status(jobId, type, state, phase, percent, message, error, seq, null);
  }

  private JobStatusMessage status(String jobId, String type, String state, String phase, Integer percent,
      String message, String error, long seq, Map<String, Object> result) throws IOException {
    JobStatusMessage s = new JobStatusMessage(jobId, id, type, state, phase, percent, message, error, result, seq,
        Instant.now().toString());
    publish(s);
    return s;
  }

  private void publish(JobStatusMessage s) throws IOException {
    transport.publish(topics.jobStatus(s.jobId()), Json.mapper().writeValueAsBytes(s), 1, false);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws IOException {
    worker.shutdownNow();
    transport.close();
  }
}
