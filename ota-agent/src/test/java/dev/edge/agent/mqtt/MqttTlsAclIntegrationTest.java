package dev.edge.agent.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edge.agent.mqtt.OpensslPki.Identity;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import javax.net.ssl.SSLHandshakeException;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mqtts:// against Debian's mosquitto with client certificates as identities (CN = user name) and
 * an ACL that keeps each gateway under edge/v1/ its own id, certificates made by the openssl CLI;
 * plus the Last Will over a connection cut without a goodbye, and Paho's threads after close.
 */
class MqttTlsAclIntegrationTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  /** How long to watch for a message that must not come, once a later one has come. */
  private static final Duration QUIET = Duration.ofSeconds(1);

  @TempDir static Path shared;
  private static OpensslPki pki;
  private static Identity gwA;
  private static Identity gwB;
  private static Identity operator;
  private static MosquittoBroker broker;

  @TempDir Path dir;
  private final Deque<AutoCloseable> cleanup = new ArrayDeque<>();

  @BeforeAll
  static void startBroker() throws Exception {
    pki = OpensslPki.create(shared.resolve("pki"));
    gwA = pki.client("gw-a", "RSA");
    gwB = pki.client("gw-b", "EC");
    operator = pki.client("operator", "EC");
    broker = startTlsBroker(shared.resolve("broker"), pki.server("broker", "DNS:localhost,IP:127.0.0.1"));
  }

  @AfterAll
  static void stopBroker() throws Exception {
    if (broker != null) {
      broker.close();
    }
  }

  @AfterEach
  void closeEverything() throws Exception {
    while (!cleanup.isEmpty()) {
      cleanup.pop().close();
    }
  }

  /** Mutual TLS, the certificate's CN as user name, and each gateway confined to edge/v1/ its name. */
  private static MosquittoBroker startTlsBroker(Path dir, Identity server) throws Exception {
    Files.createDirectories(dir);
    Path acl = Files.writeString(dir.resolve("acl"),
        "pattern readwrite edge/v1/%u/#\n\nuser operator\ntopic readwrite edge/v1/#\n");
    return MosquittoBroker.start(dir, port -> "listener " + port + " 127.0.0.1\n"
        + "cafile " + pki.ca() + "\ncertfile " + server.cert() + "\nkeyfile " + server.key() + "\n"
        + "require_certificate true\nuse_identity_as_username true\nallow_anonymous false\n"
        + "acl_file " + acl + "\n");
  }

  @Test
  void aGatewayPublishesUnderItsOwnIdAndTheOperatorReceivesIt() throws Exception {
    Inbox seen = new Inbox();
    connect(operatorAt("mqtts://127.0.0.1:"), "op-1", "edge/v1/#", seen);
    PahoTransport gateway = connect(tls("mqtts://localhost:", gwA), "gw-a-1");

    gateway.publish("edge/v1/gw-a/state", bytes("{\"state\":\"online\"}"), 1, false);
    assertEquals("edge/v1/gw-a/state {\"state\":\"online\"}", seen.next());
  }

  @Test
  void aGatewayCannotPublishUnderAnotherGatewaysId() throws Exception {
    Inbox seen = new Inbox();
    connect(operatorAt("mqtts://127.0.0.1:"), "op-2", "edge/v1/#", seen);
    PahoTransport gateway = connect(tls("mqtts://localhost:", gwA), "gw-a-2");

    // One connection keeps its order, so had the broker passed the forged ones they would come first.
    gateway.publish("edge/v1/gw-b/state", bytes("{\"state\":\"forged\"}"), 1, false);
    gateway.publish("edge/v1/gw-b/jobs/x", bytes("forged"), 1, false);
    gateway.publish("edge/v1/gw-a/state", bytes("{\"state\":\"legit\"}"), 1, false);
    assertEquals("edge/v1/gw-a/state {\"state\":\"legit\"}", seen.next());
    seen.assertNothingFor(QUIET);
  }

  @Test
  void aGatewayCannotReadAnotherGatewaysJobs() throws Exception {
    Inbox atA = new Inbox();
    Inbox atB = new Inbox();
    PahoTransport op = connect(operatorAt("mqtts://localhost:"), "op-3");
    connect(tls("mqtts://localhost:", gwA), "gw-a-3", "edge/v1/+/jobs/+", atA);
    connect(tls("mqtts://localhost:", gwB), "gw-b-3", "edge/v1/gw-b/jobs/+", atB);

    op.publish("edge/v1/gw-b/jobs/y", bytes("for b"), 1, false);
    assertEquals("edge/v1/gw-b/jobs/y for b", atB.next());
    op.publish("edge/v1/gw-a/jobs/z", bytes("for a"), 1, false);
    assertEquals("edge/v1/gw-a/jobs/z for a", atA.next(), "gw-a's wildcard still brings its own jobs");
    atA.assertNothingFor(QUIET);
  }

  @Test
  void aClientWithoutACertificateNeverGetsInAndCostsNoThreadPerAttempt() throws Exception {
    List<String> before = mqttThreads();
    MqttSettings noCert = new MqttSettings(URI.create("mqtts://localhost:" + broker.port()), Optional.of(pki.ca()),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    PahoTransport anonymous = PahoTransport.create(noCert, "no-cert", dir.resolve("state-no-cert"), null,
        fastBackoff(), false);
    cleanup.push(anonymous);
    anonymous.start(new Connected());
    // TLS 1.3: the client's handshake is done before the broker checks for a certificate, so the
    // refusal comes as the first thing read: the case that strands a Paho thread per attempt (#850).
    assertNeverConnected(anonymous, Duration.ofSeconds(2));
    assertTrue(connectAttempts("no-cert") <= 1, "one connect thread at a time: " + mqttThreads());
    anonymous.close(); // most likely while one of its retries is under way
    assertThreadsBackTo(before);
  }

  @Test
  void aServerThatHangsUpAtOnceCostsNoThreadPerAttempt() throws Exception {
    List<String> before = mqttThreads();
    AtomicInteger accepted = new AtomicInteger();
    ServerSocket hangup = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(() -> {
      while (!hangup.isClosed()) {
        try {
          hangup.accept().close();
          accepted.incrementAndGet();
        } catch (IOException e) {
          return; // the test closed the listener
        }
      }
    }, "hangup-acceptor");
    acceptor.start();
    try {
      PahoTransport t = PahoTransport.create(MqttSettings.of("mqtt://127.0.0.1:" + hangup.getLocalPort()),
          "hung-up", dir.resolve("state-hung-up"), null, fastBackoff(), false);
      cleanup.push(t);
      t.start(new Connected());
      assertNeverConnected(t, Duration.ofSeconds(2));
      assertTrue(accepted.get() >= 3, "several attempts: " + accepted);
      assertTrue(connectAttempts("hung-up") <= 1, "one connect thread at a time: " + mqttThreads());
      t.close();
    } finally {
      hangup.close();
      acceptor.join(5000);
    }
    assertThreadsBackTo(before);
  }

  @Test
  void aServerCertificateForAnotherNameFailsTheHandshake() throws Exception {
    MosquittoBroker misnamed = startTlsBroker(dir.resolve("misnamed"), pki.server("misnamed", "DNS:other.example"));
    cleanup.push(misnamed);
    MqttSettings settings = tls("mqtts://localhost:" + misnamed.port(), gwA);
    PahoTransport gateway = PahoTransport.create(settings, "gw-a-misnamed", dir.resolve("state"), null,
        fastBackoff(), false);
    cleanup.push(gateway);
    gateway.start(new Connected());
    assertNeverConnected(gateway, Duration.ofSeconds(1));

    // Paho with our socket factory checks the name (SSLParameters' endpoint identification), and the
    // name is the only thing wrong: with the check off, the same options get in.
    MqttConnectOptions options = settings.connectOptions();
    MqttException e = assertThrows(MqttException.class, () -> connectOnce(settings.pahoUri(), options));
    assertTrue(causes(e).stream().anyMatch(c -> c instanceof SSLHandshakeException), String.valueOf(causes(e)));
    assertTrue(causes(e).stream().anyMatch(c -> c instanceof CertificateException
        && c.getMessage().contains("localhost")), String.valueOf(causes(e)));
    options.setHttpsHostnameVerificationEnabled(false);
    connectOnce(settings.pahoUri(), options);
  }

  @Test
  void theLastWillIsPublishedAndRetainedWhenTheConnectionIsCutWithoutAGoodbye() throws Exception {
    MosquittoBroker open = MosquittoBroker.startOpen(dir.resolve("open"));
    cleanup.push(open);
    Forwarder forwarder = new Forwarder(open.port());
    cleanup.push(forwarder);
    String direct = "mqtt://127.0.0.1:" + open.port();
    Inbox states = new Inbox();
    connect(MqttSettings.of(direct), "watcher", "edge/v1/+/state", states);

    MqttTransport.Will will = new MqttTransport.Will("edge/v1/gw-c/state", bytes("{\"state\":\"offline\"}"), 1, true);
    PahoTransport agent = PahoTransport.create(MqttSettings.of("mqtt://127.0.0.1:" + forwarder.port()), "gw-c",
        dir.resolve("state-gw-c"), will, fastBackoff(), true);
    cleanup.push(agent);
    Connected up = new Connected();
    agent.start(up);
    up.await();
    agent.publish("edge/v1/gw-c/state", bytes("{\"state\":\"online\"}"), 1, true);
    assertEquals("edge/v1/gw-c/state {\"state\":\"online\"}", states.next());

    forwarder.cut();
    assertEquals("edge/v1/gw-c/state {\"state\":\"offline\"}", states.next());
    agent.close();
    Inbox later = new Inbox();
    connect(MqttSettings.of(direct), "later", "edge/v1/gw-c/state", later);
    assertEquals("edge/v1/gw-c/state {\"state\":\"offline\"}", later.next(), "the will is the retained state");
  }

  @Test
  void closeLeavesNoPahoThreadsBehind() throws Exception {
    List<String> before = mqttThreads();
    Inbox inbox = new Inbox();
    PahoTransport gateway = connect(tls("mqtts://localhost:", gwA), "gw-a-threads", "edge/v1/gw-a/#", inbox);
    gateway.publish("edge/v1/gw-a/state", bytes("x"), 1, false);
    assertEquals("edge/v1/gw-a/state x", inbox.next());
    assertTrue(mqttThreads().stream().anyMatch(t -> t.contains("gw-a-threads")), "counting the right threads: "
        + mqttThreads());
    gateway.close();
    assertThreadsBackTo(before);
  }

  // --- helpers ---

  /** Settings with {@code identity}'s certificate; a URL that ends in ':' gets the shared broker's port. */
  private static MqttSettings tls(String url, Identity identity) {
    URI uri = URI.create(url.endsWith(":") ? url + broker.port() : url);
    return new MqttSettings(uri, Optional.of(pki.ca()), Optional.of(identity.cert()), Optional.of(identity.key()),
        Optional.empty(), Optional.empty());
  }

  private static MqttSettings operatorAt(String url) {
    return tls(url, operator);
  }

  private PahoTransport connect(MqttSettings settings, String clientId) throws Exception {
    return connect(settings, clientId, null, null);
  }

  /** A started transport, subscribed to {@code filter} (if any) before it reports the connection. */
  private PahoTransport connect(MqttSettings settings, String clientId, String filter, Inbox inbox)
      throws Exception {
    PahoTransport t = PahoTransport.create(settings, clientId, dir.resolve("state-" + clientId), null,
        fastBackoff(), false);
    cleanup.push(t);
    if (filter != null) {
      t.subscribe(filter, 1, inbox);
    }
    Connected up = new Connected();
    t.start(up);
    up.await();
    return t;
  }

  private static Backoff fastBackoff() {
    return new Backoff(Duration.ofMillis(100), Duration.ofMillis(500), new Random());
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void connectOnce(String uri, MqttConnectOptions options) throws MqttException {
    MqttAsyncClient client = new MqttAsyncClient(uri, "gw-a-once", new MemoryPersistence());
    try {
      client.connect(options).waitForCompletion(WAIT.toMillis());
      client.disconnect().waitForCompletion(WAIT.toMillis());
    } finally {
      client.close(true);
    }
  }

  private static List<Throwable> causes(Throwable t) {
    List<Throwable> all = new ArrayList<>();
    for (Throwable c = t; c != null && !all.contains(c); c = c.getCause()) {
      all.add(c);
    }
    return all;
  }

  private static void assertNeverConnected(MqttTransport t, Duration watch) throws InterruptedException {
    long deadline = System.nanoTime() + watch.toNanos();
    while (System.nanoTime() < deadline) {
      assertFalse(t.isConnected(), "connected although it must not");
      Thread.sleep(20);
    }
  }

  /** Paho names its threads "MQTT Rec: clientId" and so on; ours are "mqtt-reconnect clientId". */
  private static List<String> mqttThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
        .filter(n -> n.regionMatches(true, 0, "mqtt", 0, 4)).sorted().collect(Collectors.toList());
  }

  /** Paho's connect threads for {@code clientId}: one per attempt under way. */
  private static long connectAttempts(String clientId) {
    return mqttThreads().stream().filter(n -> n.equals("MQTT Con: " + clientId)).count();
  }

  /** Waits a little for threads to end, then fails naming (with stacks) those not there before. */
  private static void assertThreadsBackTo(List<String> before) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    List<String> left = extra(before);
    while (!left.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
      left = extra(before);
    }
    if (!left.isEmpty()) {
      List<String> names = left;
      StringBuilder stacks = new StringBuilder();
      Thread.getAllStackTraces().forEach((t, stack) -> {
        if (names.contains(t.getName())) {
          stacks.append("\n").append(t.getName()).append(":");
          for (StackTraceElement e : stack) {
            stacks.append("\n  at ").append(e);
          }
        }
      });
      throw new AssertionError("threads left after close: " + left + stacks);
    }
  }

  private static List<String> extra(List<String> before) {
    List<String> now = new ArrayList<>(mqttThreads());
    before.forEach(now::remove); // one for one: Paho gives every attempt's thread the same name
    return now;
  }

  /** Messages as "topic payload", in arrival order. */
  private static final class Inbox implements MqttTransport.Handler {
    private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();

    @Override
    public void message(String topic, byte[] payload) {
      messages.add(topic + " " + new String(payload, StandardCharsets.UTF_8));
    }

    String next() throws InterruptedException {
      String m = messages.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      if (m == null) {
        throw new AssertionError("no message within " + WAIT);
      }
      return m;
    }

    void assertNothingFor(Duration quiet) throws InterruptedException {
      assertNull(messages.poll(quiet.toMillis(), TimeUnit.MILLISECONDS), "a message that must not come");
    }
  }

  private static final class Connected implements MqttTransport.ConnectionListener {
    private final CountDownLatch latch = new CountDownLatch(1);

    @Override
    public void connected(boolean reconnect) {
      latch.countDown();
    }

    @Override
    public void lost(Throwable cause) {}

    void await() throws InterruptedException {
      assertTrue(latch.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "not connected within " + WAIT);
    }
  }

  /**
   * A loopback TCP forwarder for one connection, with one thread per direction, that can cut both
   * sides at once with a reset (no FIN, no MQTT DISCONNECT), as a pulled cable or a dead NAT entry would.
   */
  private static final class Forwarder implements AutoCloseable {
    private final ServerSocket listener;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    Forwarder(int upstreamPort) throws IOException {
      listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
      Thread downToUp = new Thread(() -> {
        try {
          Socket down = listener.accept();
          sockets.add(down);
          Socket up = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
          sockets.add(up);
          Thread upToDown = new Thread(() -> pump(up, down), "forwarder-up-to-down");
          threads.add(upToDown);
          upToDown.start();
          pump(down, up);
        } catch (IOException e) {
          // cut() closed the listener or the sockets
        }
      }, "forwarder-down-to-up");
      threads.add(downToUp);
      downToUp.start();
    }

    int port() {
      return listener.getLocalPort();
    }

    private static void pump(Socket from, Socket to) {
      try {
        from.getInputStream().transferTo(to.getOutputStream());
      } catch (IOException e) {
        // the other side or cut() closed a socket
      }
    }

    /** Resets both connections and stops listening, so the agent cannot come back through here. */
    void cut() throws IOException {
      listener.close();
      for (Socket s : sockets) {
        if (!s.isClosed()) {
          s.setSoLinger(true, 0);
          s.close();
        }
      }
    }

    @Override
    public void close() throws IOException {
      cut();
      try {
        for (Thread t : threads) {
          t.join(TimeUnit.SECONDS.toMillis(5));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
