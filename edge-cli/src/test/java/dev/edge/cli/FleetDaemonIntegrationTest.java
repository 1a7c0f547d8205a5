package dev.edge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edge.agent.mqtt.Backoff;
import dev.edge.agent.mqtt.MosquittoBroker;
import dev.edge.agent.mqtt.MqttSettings;
import dev.edge.agent.mqtt.MqttTransport;
import dev.edge.agent.mqtt.PahoTransport;
import dev.edge.runtime.image.MediaTypes;
import dev.edge.runtime.image.Platform;
import dev.edge.runtime.image.fixtures.OciLayout;
import dev.edge.runtime.image.fixtures.TarBuilder;
import dev.edge.runtime.image.fixtures.TestImages;
import dev.edge.runtime.json.Json;
import dev.edge.runtime.registry.LocalRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fleet agent inside a real {@code edge daemon} (bin/edge, as a user runs it) against Debian's mosquitto,
 * driven by the operator's own commands ({@code edge fleet keygen}, {@code job send}, {@code ls}) and watched
 * by a plain MQTT subscriber on {@code edge/v1/#}: a signed job runs and one signed by another key is refused;
 * a SIGKILLed daemon is marked offline by its Last Will, and after a restart its resumable pull finishes while
 * the container run it was waiting on fails as interrupted, both told again (not run again) on a re-send; a
 * clean stop publishes the offline state itself.
 */
class FleetDaemonIntegrationTest {
  /** 13 MB of layers at this rate take about 9 s: the kill lands while the pull job is under way. */
  private static final long RATE = 1536 * 1024;
  private static final Duration STATE_CHANGE = Duration.ofSeconds(5);
  private static final Pattern KEY_ID = Pattern.compile("key id:\\s+(\\S+)");

  private Path dir;
  private String gateway;
  private String bridge;
  private String subnet;
  private MosquittoBroker broker;
  private Watcher watcher;
  private LocalRegistry registry;
  private ThrottlingProxy proxy;
  private Process daemon;
  private String host;
  private final List<String> containers = new ArrayList<>();

  private void setUp(String name) throws Exception {
    dir = Files.createTempDirectory("edge-fleet-daemon");
    String unique = ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(
        new byte[] {(byte) new Random().nextInt(), (byte) new Random().nextInt()});
    gateway = "it-" + name + "-" + unique;
    int slot = (int) (ProcessHandle.current().pid() % 250);
    bridge = "edgefl" + slot;
    subnet = "10.194." + slot + ".0/24";
    host = "unix://" + dir.resolve("edge.sock");
    broker = MosquittoBroker.startOpen(dir.resolve("broker"));
    watcher = Watcher.start(broker.url(), "watch-" + gateway, dir.resolve("watcher"));
  }

  @AfterEach
  void cleanUp() throws Exception {
    List<Throwable> failures = new ArrayList<>();
    if (daemon != null && daemon.isAlive()) {
      for (String c : containers) {
        quietly(failures, () -> EdgeProcess.edge("-H", host, "rm", "-f", c));
      }
    }
    quietly(failures, () -> {
      EdgeProcess.stop(daemon);
      return null;
    });
    for (AutoCloseable c : new AutoCloseable[] {watcher, proxy, registry, broker}) {
      if (c != null) {
        quietly(failures, () -> {
          c.close();
          return null;
        });
      }
    }
    if (dir != null) {
      HostScrub.scrub(dir, bridge);
      EdgeProcess.deleteTree(dir);
    }
    if (!failures.isEmpty()) {
      AssertionError e = new AssertionError("cleaning up failed");
      failures.forEach(e::addSuppressed);
      throw e;
    }
  }

  private interface Step {
    Object run() throws Exception;
  }

  private static void quietly(List<Throwable> failures, Step step) {
    try {
      step.run();
    } catch (Exception | AssertionError e) {
      failures.add(e);
    }
  }

  @Test
  void aJobSentWithTheCliRunsInTheDaemonAndSucceeds() throws Exception {
    setUp("send");
    String keyId = keygen("fleet");
    String otherKeyId = keygen("other");
    assertNotEquals(keyId, otherKeyId);
    startDaemon("daemon.log");
    awaitState(0, "online");

    EdgeProcess.Result sent = send("fleet", job("s1", "{\"jobId\":\"s1\",\"type\":\"gateway.status\"}"));

    assertEquals(0, sent.exit(), sent.out() + sent.err());
    assertTrue(sent.out().lines().anyMatch(l -> l.startsWith("SUCCEEDED")), sent.out());
    Watcher.Msg done = watcher.await(0, jobStatus("s1"), s -> "SUCCEEDED".equals(s.path("state").asText()),
        STATE_CHANGE, "s1 SUCCEEDED");
    String version = EdgeProcess.edge("--version").out().strip().replace("edge version ", "");
    assertEquals(version, done.json().path("result").path("version").asText(),
        "the result is the gateway's facts: " + done.payload());

    JsonNode row = lsRow();
    assertEquals("online", row.path("State").asText(), row.toString());
    assertEquals(version, row.path("Version").asText(), row.toString());
    // The retained status, as a subscriber that comes later gets it.
    try (Watcher late = Watcher.start(broker.url(), "late-" + gateway, dir.resolve("late"))) {
      Watcher.Msg status = late.await(0, topic("status"), s -> s.has("version"), STATE_CHANGE,
          "the retained status");
      assertEquals(version, status.json().path("version").asText(), status.payload());
      assertEquals(gateway, status.json().path("gateway").asText(), status.payload());
    }

    EdgeProcess.Result refused = send("other", job("s2", "{\"jobId\":\"s2\",\"type\":\"gateway.status\"}"));

    assertNotEquals(0, refused.exit(), refused.out() + refused.err());
    assertTrue(refused.out().lines().anyMatch(l -> l.startsWith("REJECTED")), refused.out());
    assertTrue(refused.err().contains("REJECTED") && refused.err().contains("unknown key '" + otherKeyId + "'"),
        refused.err());
    assertTrue(Files.readString(dir.resolve("daemon.log")).contains("job s2 REJECTED"));
  }

  @Test
  void aKilledDaemonLeavesItsStateOfflineAndResolvesItsJobsAfterRestart() throws Exception {
    setUp("kill");
    keygen("fleet");
    registry = LocalRegistry.start(LocalRegistry.Mode.PLAIN);
    OciLayout layout = new OciLayout(dir.resolve("layout"));
    Platform amd64 = new Platform("linux", "amd64", "");
    TestImages.busybox(layout, "small", amd64);
    byte[] noise = new byte[12 * 1024 * 1024];
    new Random(42).nextBytes(noise); // incompressible: the gzip layer stays ~12 MB
    layout.tag("big", layout.image(amd64, List.of(
        OciLayout.Layer.of(TestImages.busyboxTar(Files.readAllBytes(TestImages.HOST_BUSYBOX)),
            MediaTypes.Compression.GZIP),
        OciLayout.Layer.of(new TarBuilder().file("data/noise.bin", noise, 0644).build(),
            MediaTypes.Compression.GZIP)), TestImages.shell(), MediaTypes.OCI_MANIFEST));
    String small = registry.host() + "/small:1";
    TestImages.skopeoPush(layout.dir(), "small", small, false);
    TestImages.skopeoPush(layout.dir(), "big", registry.host() + "/big:1", false);
    String[] hostPort = registry.host().split(":");
    proxy = new ThrottlingProxy(hostPort[0], Integer.parseInt(hostPort[1]), RATE);
    String big = proxy.host() + "/big:1";

    startDaemon("daemon-1.log");
    awaitState(0, "online");
    EdgeProcess.Result pulled = EdgeProcess.edge("-H", host, "pull", small);
    assertEquals(0, pulled.exit(), pulled.out() + pulled.err());

    String pullFile = job("pull-1", "{\"jobId\":\"pull-1\",\"type\":\"image.pull\",\"image\":\"" + big + "\"}");
    EdgeProcess.Result queued = sendNoWait(pullFile);
    assertEquals(0, queued.exit(), queued.out() + queued.err());
    watcher.await(0, jobStatus("pull-1"), s -> "IN_PROGRESS".equals(s.path("state").asText())
        && s.path("percent").asInt(0) >= 5, Duration.ofSeconds(30), "pull-1 IN_PROGRESS and under way");

    // Not resumable: after the restart it fails as interrupted, and the restarted daemon stops and removes the
    // container it was waiting for (cleanUp removes it by name too, should that fail).
    String name = "fl-sleep-" + ProcessHandle.current().pid();
    containers.add(name);
    String runFile = job("run-1", "{\"jobId\":\"run-1\",\"type\":\"container.run\",\"image\":\"" + small
        + "\",\"name\":\"" + name + "\",\"cmd\":[\"sleep\",\"60\"],\"detach\":false,\"network\":\"none\"}");
    queued = sendNoWait(runFile);
    assertEquals(0, queued.exit(), queued.out() + queued.err());
    watcher.await(0, jobStatus("run-1"), s -> "IN_PROGRESS".equals(s.path("state").asText())
        && "wait".equals(s.path("phase").asText()), Duration.ofSeconds(30), "run-1 waiting for its container");
    assertFalse(watcher.any(0, jobStatus("pull-1"), s -> isFinal(s.path("state").asText())),
        "the pull ended before the kill; the rate is too high for this machine: " + watcher.dump());

    int beforeKill = watcher.mark();
    long killedAt = System.nanoTime();
    daemon.destroyForcibly(); // SIGKILL: no shutdown hook, no DISCONNECT; only the Last Will speaks for it
    assertTrue(daemon.waitFor(10, TimeUnit.SECONDS), "SIGKILL did not end the daemon");
    Watcher.Msg offline = awaitState(beforeKill, "offline");
    System.out.println("the Last Will came " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt)
        + " ms after the SIGKILL");
    assertFalse(offline.json().has("time"), "the Last Will (the agent's own offline message has a time): "
        + offline.payload());
    assertTrue(broker.log().contains("Client " + gateway + " closed its connection"), broker.log());
    assertEquals("offline", lsRow().path("State").asText(), "the retained state");

    int beforeRestart = watcher.mark();
    startDaemon("daemon-2.log");
    awaitState(beforeRestart, "online");
    Watcher.Msg pullDone = watcher.await(beforeRestart, jobStatus("pull-1"),
        s -> isFinal(s.path("state").asText()), Duration.ofSeconds(60), "pull-1 ends after the restart");
    assertEquals("SUCCEEDED", pullDone.json().path("state").asText(), pullDone.payload());
    assertTrue(proxy.rangeStarts().stream().anyMatch(start -> start > 0),
        "the pull resumed its layer with Range, not from the start: " + proxy.rangeStarts());
    Watcher.Msg runDone = watcher.await(beforeRestart, jobStatus("run-1"),
        s -> isFinal(s.path("state").asText()), Duration.ofSeconds(30), "run-1 ends after the restart");
    assertEquals("FAILED", runDone.json().path("state").asText(), runDone.payload());
    assertTrue(runDone.json().path("error").asText().contains("interrupted by restart"), runDone.payload());
    // stopped (SIGTERM, SIGKILL after Docker's 10 s grace: sleep as PID 1 ignores SIGTERM) and removed
    EdgeProcess.Result ps;
    long psDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    do {
      Thread.sleep(200);
      ps = EdgeProcess.edge("-H", host, "ps", "-a", "--format", "{{.Names}}");
    } while (ps.out().lines().anyMatch(name::equals) && System.nanoTime() < psDeadline);
    assertFalse(ps.out().lines().anyMatch(name::equals), "the interrupted run's container is left: " + ps.out()
        + ps.err() + Files.readString(dir.resolve("daemon-2.log")));
    EdgeProcess.Result images = EdgeProcess.edge("-H", host, "images");
    assertTrue(images.out().contains(proxy.host() + "/big"), images.out() + images.err());

    // The operator re-sends both files: the gateway tells their ends again and runs neither again.
    int beforeResend = watcher.mark();
    EdgeProcess.Result pullAgain = send("fleet", pullFile);
    assertEquals(0, pullAgain.exit(), pullAgain.out() + pullAgain.err());
    assertTrue(pullAgain.out().lines().anyMatch(l -> l.startsWith("SUCCEEDED")), pullAgain.out());
    EdgeProcess.Result runAgain = send("fleet", runFile);
    assertNotEquals(0, runAgain.exit(), runAgain.out() + runAgain.err());
    assertTrue(runAgain.out().lines().anyMatch(l -> l.startsWith("FAILED")), runAgain.out());
    assertTrue(runAgain.err().contains("interrupted by restart"), runAgain.err());
    for (String jobId : List.of("pull-1", "run-1")) {
      assertFalse(watcher.any(beforeResend, jobStatus(jobId), s -> !isFinal(s.path("state").asText())),
          jobId + " ran again: " + watcher.dump());
    }
    String log2 = Files.readString(dir.resolve("daemon-2.log"));
    assertTrue(log2.contains("job pull-1 delivered again") && log2.contains("job run-1 delivered again"), log2);
  }

  @Test
  void aCleanStopPublishesOfflineItself() throws Exception {
    setUp("stop");
    keygen("fleet");
    startDaemon("daemon.log");
    awaitState(0, "online");

    int before = watcher.mark();
    EdgeProcess.stop(daemon); // SIGTERM
    assertFalse(daemon.isAlive());

    Watcher.Msg offline = awaitState(before, "offline");
    assertTrue(offline.json().has("time"), "published by the agent, not its Last Will: " + offline.payload());
    assertTrue(broker.log().contains("Client " + gateway + " disconnected"), "a clean DISCONNECT:\n"
        + broker.log());
    assertFalse(broker.log().contains("Client " + gateway + " closed its connection"), broker.log());
    assertEquals("offline", lsRow().path("State").asText(), "the retained state");
  }

  // ---- helpers ----

  private String keygen(String prefix) throws Exception {
    EdgeProcess.Result r = EdgeProcess.edge("fleet", "keygen", "--out", dir.resolve(prefix).toString());
    assertEquals(0, r.exit(), r.out() + r.err());
    Matcher m = KEY_ID.matcher(r.out());
    assertTrue(m.find(), r.out());
    return m.group(1);
  }

  private void startDaemon(String log) throws Exception {
    daemon = EdgeProcess.startDaemon(dir.resolve("root"), host, dir.resolve(log), "--bridge", bridge, "--bip",
        subnet, "--mqtt", broker.url(), "--gateway-id", gateway, "--fleet-key",
        dir.resolve("fleet.pub").toString());
  }

  private String job(String jobId, String json) throws IOException {
    return Files.writeString(dir.resolve(jobId + ".json"), json).toString();
  }

  private EdgeProcess.Result send(String key, String file) throws Exception {
    return EdgeProcess.edge("fleet", "job", "send", "--broker", broker.url(), "--gateway", gateway, "--key",
        dir.resolve(key + ".key").toString(), "--wait", "--timeout", "40s", file);
  }

  private EdgeProcess.Result sendNoWait(String file) throws Exception {
    return EdgeProcess.edge("fleet", "job", "send", "--broker", broker.url(), "--gateway", gateway, "--key",
        dir.resolve("fleet.key").toString(), file);
  }

  /** This gateway's row of {@code edge fleet ls --format json}. */
  private JsonNode lsRow() throws Exception {
    EdgeProcess.Result ls = EdgeProcess.edge("fleet", "ls", "--broker", broker.url(), "--format", "json");
    assertEquals(0, ls.exit(), ls.out() + ls.err());
    for (String line : ls.out().strip().split("\n")) {
      JsonNode row = Json.mapper().readTree(line);
      if (gateway.equals(row.path("Gateway").asText())) {
        return row;
      }
    }
    throw new AssertionError("no " + gateway + " in edge fleet ls:\n" + ls.out() + ls.err());
  }

  private Watcher.Msg awaitState(int from, String state) throws Exception {
    return watcher.await(from, topic("state"), s -> state.equals(s.path("state").asText()), STATE_CHANGE,
        "state " + state);
  }

  private String topic(String leaf) {
    return "edge/v1/" + gateway + "/" + leaf;
  }

  private String jobStatus(String jobId) {
    return topic("jobs/" + jobId + "/status");
  }

  private static boolean isFinal(String state) {
    return !state.isEmpty() && !state.equals("QUEUED") && !state.equals("IN_PROGRESS");
  }

  /** A Paho subscriber on {@code edge/v1/#} that keeps everything it is sent, in order. */
  static final class Watcher implements AutoCloseable {
    record Msg(String topic, String payload) {
      JsonNode json() {
        try {
          JsonNode n = payload.isEmpty() ? null : Json.mapper().readTree(payload);
          return n == null ? Json.mapper().createObjectNode() : n;
        } catch (IOException e) {
          return Json.mapper().createObjectNode();
        }
      }
    }

    private final PahoTransport transport;
    private final List<Msg> seen = new CopyOnWriteArrayList<>();

    private Watcher(PahoTransport transport) {
      this.transport = transport;
    }

    static Watcher start(String url, String clientId, Path state) throws Exception {
      PahoTransport t = PahoTransport.create(MqttSettings.of(url), clientId, state, null,
          new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), new Random()), false);
      Watcher w = new Watcher(t);
      t.subscribe("edge/v1/#", 1, (topic, payload) -> w.seen.add(new Msg(topic,
          new String(payload, StandardCharsets.UTF_8))));
      CountDownLatch up = new CountDownLatch(1);
      t.start(MqttTransport.ConnectionListener.onConnected(up::countDown));
      if (!up.await(10, TimeUnit.SECONDS)) {
        t.close();
        throw new AssertionError("the watcher could not connect to " + url);
      }
      return w;
    }

    /** How many messages so far: the start of what a later {@link #await} looks at. */
    int mark() {
      return seen.size();
    }

    boolean any(int from, String topic, Predicate<JsonNode> test) {
      List<Msg> all = List.copyOf(seen);
      return all.subList(Math.min(from, all.size()), all.size()).stream()
          .anyMatch(m -> m.topic().equals(topic) && test.test(m.json()));
    }

    /** The first message from index {@code from} on {@code topic} that passes {@code test}. */
    Msg await(int from, String topic, Predicate<JsonNode> test, Duration timeout, String what)
        throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        List<Msg> all = List.copyOf(seen);
        for (Msg m : all.subList(Math.min(from, all.size()), all.size())) {
          if (m.topic().equals(topic) && test.test(m.json())) {
            return m;
          }
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError("no " + what + " on " + topic + " within " + timeout.toSeconds() + " s; seen:\n"
              + dump());
        }
        Thread.sleep(20);
      }
    }

    String dump() {
      StringBuilder b = new StringBuilder();
      for (Msg m : seen) {
        b.append(m.topic()).append(' ').append(m.payload().length() > 300 ? m.payload().substring(0, 300) + "…"
            : m.payload()).append('\n');
      }
      return b.toString();
    }

    @Override
    public void close() throws IOException {
      transport.close();
    }
  }
}
