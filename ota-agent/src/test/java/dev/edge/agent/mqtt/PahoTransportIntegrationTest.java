package dev.edge.agent.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The transport against Debian's mosquitto on a loopback port: round trip, outage, Last Will. */
class PahoTransportIntegrationTest {
  @TempDir Path dir;
  private MosquittoBroker broker;

  @BeforeEach
  void startBroker() throws Exception {
    broker = MosquittoBroker.startOpen(dir.resolve("broker"));
  }

  @AfterEach
  void stopBroker() throws Exception {
    broker.close();
  }

  private PahoTransport transport(String id, MqttTransport.Will will) throws IOException {
    return new PahoTransport(broker.tcpUri(), id, dir.resolve("state-" + id),
        PahoTransport.optionsWithWill(will), new Backoff(Duration.ofMillis(100),
            Duration.ofSeconds(2), new Random()));
  }

  private static final class Events implements MqttTransport.ConnectionListener {
    final BlockingQueue<String> log = new LinkedBlockingQueue<>();

    @Override
    public void connected(boolean reconnect) {
      log.add(reconnect ? "reconnected" : "connected");
    }

    @Override
    public void lost(Throwable cause) {
      log.add("lost");
    }

    void await(String what) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (System.nanoTime() < deadline) {
        String next = log.poll(100, TimeUnit.MILLISECONDS);
        if (what.equals(next)) {
          return;
        }
      }
      throw new AssertionError("no " + what);
    }
  }

  @Test
  void aMessageGoesRoundTripAndQos1CommandsWaitAtTheBrokerThroughAnOutage() throws Exception {
    List<String> received = new CopyOnWriteArrayList<>();
    Events agentEvents = new Events();
    Events operatorEvents = new Events();
    try (PahoTransport agent = transport("gw-1", null);
        PahoTransport operator = transport("operator", null)) {
      agent.subscribe("edge/v1/gw-1/jobs/+", 1,
          (topic, payload) -> received.add(topic + " " + new String(payload,
              StandardCharsets.UTF_8)));
      agent.start(agentEvents);
      operator.start(operatorEvents);
      agentEvents.await("connected");
      operatorEvents.await("connected");

      operator.publish("edge/v1/gw-1/jobs/j1", "one".getBytes(StandardCharsets.UTF_8), 1, false);
      awaitSize(received, 1);

      broker.stop();
      agentEvents.await("lost");
      broker.restart();
      operatorEvents.await("reconnected");
      // Queued for the agent's persistent session while it is still reconnecting, maybe.
      operator.publish("edge/v1/gw-1/jobs/j2", "two".getBytes(StandardCharsets.UTF_8), 1, false);
      agentEvents.await("reconnected");
      awaitSize(received, 2);
      assertEquals(List.of("edge/v1/gw-1/jobs/j1 one", "edge/v1/gw-1/jobs/j2 two"), received);
    }
  }

  @Test
  void theLastWillIsPublishedWhenTheAgentVanishesButNotOnACleanClose() throws Exception {
    List<String> states = new CopyOnWriteArrayList<>();
    Events watcherEvents = new Events();
    try (PahoTransport watcher = transport("watcher", null)) {
      watcher.subscribe("edge/v1/+/state", 1, (topic, payload) ->
          states.add(new String(payload, StandardCharsets.UTF_8)));
      watcher.start(watcherEvents);
      watcherEvents.await("connected");

      Events agentEvents = new Events();
      PahoTransport agent = transport("gw-2", new MqttTransport.Will("edge/v1/gw-2/state",
          "{\"state\":\"offline\"}".getBytes(StandardCharsets.UTF_8), 1, true));
      agent.start(agentEvents);
      agentEvents.await("connected");
      agent.publish("edge/v1/gw-2/state", "{\"state\":\"online\"}".getBytes(
          StandardCharsets.UTF_8), 1, true);
      awaitSize(states, 1);
      agent.close();
      Thread.sleep(500);
      assertEquals(List.of("{\"state\":\"online\"}"), states, "a clean close sends no will");
    }
    assertTrue(true);
  }

  private static void awaitSize(List<?> list, int size) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (list.size() < size && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertEquals(size, list.size(), String.valueOf(list));
  }
}
