package dev.edge.agent.fleet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.edge.agent.artifacts.ArtifactDownloader;
import dev.edge.agent.boards.BoardFlashing;
import dev.edge.agent.firmware.ArtifactFlashJob;
import dev.edge.agent.firmware.FirmwareBuilder;
import dev.edge.agent.firmware.FirmwareFlasher;
import dev.edge.agent.firmware.FirmwareJobs;
import dev.edge.agent.firmware.ProjectTarballs;
import dev.edge.agent.jobs.JobEngine;
import dev.edge.agent.mqtt.Backoff;
import dev.edge.agent.mqtt.MosquittoBroker;
import dev.edge.agent.mqtt.MqttSettings;
import dev.edge.agent.mqtt.MqttTransport;
import dev.edge.agent.mqtt.PahoTransport;
import dev.edge.agent.status.GatewayFacts;
import dev.edge.agent.status.GatewayJobs;
import dev.edge.hal.board.BoardDiscovery;
import dev.edge.hal.gpio.GpioException;
import dev.edge.hal.serial.PosixSerialPort;
import dev.edge.hal.serial.SerialPort;
import dev.edge.hal.sim.Esp8266Simulator;
import dev.edge.hal.sim.SimulatorConfig;
import dev.edge.hal.sim.Timing;
import dev.edge.runtime.json.Json;
import dev.edge.runtime.system.HostFacts;
import java.io.FileInputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signed jobs through mosquitto to the agent and on to simulated ESP8266 boards: firmware.flash and ota fetch
 * the artifact from a loopback HTTPS server and write it; a burst of 100 jobs all finish with one job per board
 * at a time (a second open of a port while another job holds it is counted, and fails the test).
 */
class FleetRoundTripIntegrationTest {
  static final String GW = "gw-rt";
  static final long ADDRESS = 0x10000;

  @TempDir Path dir;
  private MosquittoBroker broker;
  private HttpsServer https;
  private final List<Esp8266Simulator> sims = new ArrayList<>();
  private final List<Path> links = new ArrayList<>();
  private final Map<String, AtomicInteger> openNow = new ConcurrentHashMap<>();
  private final AtomicInteger overlaps = new AtomicInteger();
  private final KeyPair fleet = FleetKeys.generate();
  private final AtomicLong seq = new AtomicLong(System.currentTimeMillis() * 1000);
  private final Map<String, JobStatusMessage> finals = new ConcurrentHashMap<>();
  private final List<AutoCloseable> open = new ArrayList<>();
  private byte[] artifact;
  private String sha;
  private FleetAgent agent;
  private PahoTransport operator;

  @BeforeEach
  void start() throws Exception {
    broker = MosquittoBroker.startOpen(dir.resolve("broker"));
    artifact = new byte[8192];
    new Random(11).nextBytes(artifact);
    sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(artifact));
    SSLContext[] tls = httpsServer();
    for (int i = 0; i < 2; i++) {
      Path link = dir.resolve("ttySIM" + i);
      sims.add(Esp8266Simulator.onPty(SimulatorConfig.defaults().withTiming(Timing.FAST).withSeed(i), link,
          m -> { }));
      links.add(link);
    }
    BoardFlashing flashing = new BoardFlashing(BoardDiscovery.system(), this::countingOpen, () -> {
      throw new GpioException("no GPIO in this test");
    });
    ArtifactFlashJob ota = new ArtifactFlashJob(flashing, new ArtifactDownloader(tls[1]), dir.resolve("dl"));
    FirmwareJobs firmware = new FirmwareJobs(new FirmwareBuilder(null, null), new FirmwareFlasher(flashing));
    JobEngine engine = new JobEngine(dir.resolve("jobs")).register(ota);
    firmware.handlers(new FirmwareJobs.Artifacts(ota, new ProjectTarballs(new ArtifactDownloader(tls[1]),
        dir.resolve("projects"), dir.resolve("dl")))).forEach(engine::register);
    GatewayJobs.handlers(new GatewayFacts(HostFacts::read, List::of, List::of, List::of)).forEach(engine::register);
    open.add(engine);

    PahoTransport t = PahoTransport.create(MqttSettings.of(broker.url()), GW, dir.resolve("agent-mqtt"),
        FleetAgent.will(GW), backoff(), true);
    agent = new FleetAgent(new AgentConfig(GW, Map.of(FleetKeys.keyId(fleet.getPublic()), fleet.getPublic()),
        dir.resolve("agent"), Duration.ofSeconds(60), 10_000, false), t, engine, () -> Map.of("version", "it"));
    agent.start();
    engine.resume();
    open.add(agent);

    operator = PahoTransport.create(MqttSettings.of(broker.url()), "operator-rt", dir.resolve("op"), null,
        backoff(), false);
    operator.subscribe("edge/v1/" + GW + "/jobs/+/status", 1, (topic, payload) -> {
      try {
        JobStatusMessage m = Json.mapper().readValue(payload, JobStatusMessage.class);
        if (m.isFinal()) {
          finals.put(m.jobId(), m);
        }
      } catch (Exception e) {
        throw new AssertionError(new String(payload, StandardCharsets.UTF_8), e);
      }
    });
    // The gateway's birth comes after its subscriptions: jobs sent before it would find no one to take them.
    CountDownLatch online = new CountDownLatch(1);
    operator.subscribe("edge/v1/" + GW + "/state", 1, (topic, payload) -> {
      if (new String(payload, StandardCharsets.UTF_8).contains("\"online\"")) {
        online.countDown();
      }
    });
    CountDownLatch up = new CountDownLatch(1);
    operator.start(MqttTransport.ConnectionListener.onConnected(up::countDown));
    assertTrue(up.await(10, TimeUnit.SECONDS));
    assertTrue(online.await(20, TimeUnit.SECONDS), "the agent never came online");
    open.add(operator);
  }

  @AfterEach
  void stop() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    for (Esp8266Simulator s : sims) {
      s.close();
    }
    if (https != null) {
      https.stop(0);
    }
    broker.close();
  }

  private static Backoff backoff() {
    return new Backoff(Duration.ofMillis(50), Duration.ofMillis(500), new Random());
  }

  /** Opens the port, and notes when a port is opened while another job still has it open. */
  private SerialPort countingOpen(String path, int baud) throws java.io.IOException {
    AtomicInteger n = openNow.computeIfAbsent(Path.of(path).toRealPath().toString(), k -> new AtomicInteger());
    if (n.incrementAndGet() > 1) {
      overlaps.incrementAndGet();
    }
    SerialPort real;
    try {
      real = PosixSerialPort.open(path, baud);
    } catch (java.io.IOException | RuntimeException e) {
      n.decrementAndGet();
      throw e;
    }
    AtomicInteger closes = new AtomicInteger();
    return (SerialPort) Proxy.newProxyInstance(SerialPort.class.getClassLoader(), new Class<?>[] {SerialPort.class},
        (proxy, method, args) -> {
          if (method.getName().equals("close") && closes.getAndIncrement() == 0) {
            n.decrementAndGet();
          }
          try {
            return method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  /** A loopback HTTPS server for the artifact, with a keytool certificate for 127.0.0.1; [server, client]. */
  private SSLContext[] httpsServer() throws Exception {
    Path store = dir.resolve("https.p12");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "https", "-keyalg", "EC", "-dname",
        "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore",
        store.toString(), "-storepass", "changeit").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "keytool: " + out);
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (FileInputStream in = new FileInputStream(store.toFile())) {
      ks.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, "changeit".toCharArray());
    SSLContext server = SSLContext.getInstance("TLS");
    server.init(kmf.getKeyManagers(), null, null);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    SSLContext client = SSLContext.getInstance("TLS");
    client.init(null, tmf.getTrustManagers(), null);
    https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    https.setHttpsConfigurator(new HttpsConfigurator(server));
    https.createContext("/app.bin", ex -> {
      try (ex; OutputStream body = ex.getResponseBody()) {
        ex.sendResponseHeaders(200, artifact.length);
        body.write(artifact);
      }
    });
    https.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
    https.start();
    return new SSLContext[] {server, client};
  }

  private String url() {
    return "https://127.0.0.1:" + https.getAddress().getPort() + "/app.bin";
  }

  private void send(String jobId, String type, String fields) throws Exception {
    ObjectNode job = (ObjectNode) Json.mapper().readTree("{\"jobId\":\"" + jobId + "\",\"type\":\"" + type + "\""
        + (fields.isEmpty() ? "" : "," + fields) + "}");
    ObjectNode doc = JobDocuments.complete(job, GW, Instant.now(), Duration.ofMinutes(10), seq.incrementAndGet());
    operator.publish("edge/v1/" + GW + "/jobs/" + jobId, SignedJobs.sign(doc, fleet.getPrivate(),
        FleetKeys.keyId(fleet.getPublic())), 1, false);
  }

  private String flashFields(int board) {
    return "\"url\":\"" + url() + "\",\"sha256\":\"" + sha + "\",\"size\":" + artifact.length + ",\"board\":\""
        + links.get(board) + "\",\"address\":\"0x10000\"";
  }

  private JobStatusMessage awaitFinal(String jobId, long seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!finals.containsKey(jobId) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    JobStatusMessage m = finals.get(jobId);
    assertTrue(m != null, "no final status for " + jobId);
    return m;
  }

  @Test
  void signedFlashAndOtaJobsWriteTheArtifactFetchedOverHttps() throws Exception {
    agent.boardAttached("ttySIM0", Map.of("port", links.get(0).toString()));
    send("flash-1", "firmware.flash", flashFields(0));
    send("ota-1", "ota", flashFields(1));
    JobStatusMessage flash = awaitFinal("flash-1", 60);
    JobStatusMessage ota = awaitFinal("ota-1", 60);
    assertEquals("SUCCEEDED", flash.state(), flash.error());
    assertEquals("SUCCEEDED", ota.state(), ota.error());
    assertEquals(sha, flash.result().get("sha256"));
    assertArrayEquals(artifact, sims.get(0).readFlash(ADDRESS, artifact.length));
    assertArrayEquals(artifact, sims.get(1).readFlash(ADDRESS, artifact.length));
    String board = agent.status().get("boards").toString();
    assertTrue(board.contains("lastFlash") && board.contains(sha) && board.contains("mac="), board);
  }

  @Test
  void aBurstOfAHundredJobsAllFinishWithOneJobPerBoardAtATime() throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      String id = "burst-" + i;
      ids.add(id);
      switch (i % 4) {
        case 0 -> send(id, "ota", flashFields(0));
        case 1 -> send(id, "ota", flashFields(1));
        case 2 -> send(id, "gateway.status", "");
        default -> send(id, "no-op", "");
      }
    }
    for (String id : ids) {
      JobStatusMessage m = awaitFinal(id, 180);
      assertEquals("SUCCEEDED", m.state(), id + ": " + m.error());
    }
    assertEquals(0, overlaps.get(), "a port was opened while another job had it open");
    assertArrayEquals(artifact, sims.get(0).readFlash(ADDRESS, artifact.length));
    assertArrayEquals(artifact, sims.get(1).readFlash(ADDRESS, artifact.length));
  }
}
