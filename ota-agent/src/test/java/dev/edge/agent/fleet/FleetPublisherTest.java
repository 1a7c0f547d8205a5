package dev.edge.agent.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edge.agent.mqtt.MqttTransport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outbox's bound and order on disk, and the publisher's order through drops and reconnects. */
class FleetPublisherTest {
  @TempDir Path dir;

  /** A broker connection the test switches on and off; acknowledges only when told to. */
  static final class FakeTransport implements MqttTransport {
    volatile boolean connected;
    final List<String> sent = new CopyOnWriteArrayList<>();
    final List<CompletableFuture<Void>> pending = new CopyOnWriteArrayList<>();

    @Override
    public void start(ConnectionListener listener) {
    }

    @Override
    public boolean isConnected() {
      return connected;
    }

    @Override
    public CompletableFuture<Void> publish(String topic, byte[] payload, int qos, boolean retained)
        throws IOException {
      if (!connected) {
        throw new IOException("not connected");
      }
      sent.add(new String(payload, StandardCharsets.UTF_8));
      CompletableFuture<Void> f = new CompletableFuture<>();
      pending.add(f);
      return f;
    }

    void ackAll() {
      pending.forEach(f -> f.complete(null));
      pending.clear();
    }

    @Override
    public void subscribe(String filter, int qos, Handler handler) {
    }

    @Override
    public void close() {
    }
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void theOutboxKeepsOrderAcrossARestartAndCountsWhatOverflows() throws Exception {
    Outbox box = new Outbox(dir, 3);
    for (int i = 0; i < 5; i++) {
      box.offer(new Outbox.Message(box.nextId(), "t", b("m" + i), 1, false));
    }
    assertEquals(3, box.size());
    assertEquals(2, box.dropped());
    Outbox reopened = new Outbox(dir, 3);
    List<String> order = new ArrayList<>();
    while (!reopened.isEmpty()) {
      Outbox.Message m = reopened.peek().orElseThrow();
      order.add(new String(m.payload(), StandardCharsets.UTF_8));
      reopened.remove(m.id());
    }
    assertEquals(List.of("m0", "m1", "m2"), order);
    assertTrue(reopened.nextId() >= 3, "new numbers come after the old ones");
  }

  @Test
  void unacknowledgedMessagesGoBackInOrderWhenTheConnectionDrops() throws Exception {
    FakeTransport t = new FakeTransport();
    t.connected = true;
    FleetPublisher p = new FleetPublisher(t, new Outbox(dir, 100));
    p.reliable("s", b("a"), false);
    p.reliable("s", b("b"), false);
    p.flush(5000);
    assertEquals(List.of("a", "b"), t.sent);
    // the connection drops before the broker acknowledged a and b; c and d are made while away
    t.connected = false;
    p.connectionLost();
    p.reliable("s", b("c"), false);
    p.reliable("s", b("d"), false);
    p.flush(5000);
    assertEquals(4, p.buffered());
    t.sent.clear();
    t.connected = true;
    p.drain();
    for (int i = 0; i < 4; i++) {
      p.flush(5000);
      t.ackAll();
    }
    p.flush(5000);
    assertEquals(List.of("a", "b", "c", "d"), t.sent, "again, oldest first, one acknowledgement at a time");
    assertEquals(0, p.buffered());
    p.reliable("s", b("e"), false);
    p.flush(5000);
    assertEquals("e", t.sent.get(t.sent.size() - 1), "with the outbox empty, new messages go at once");
    p.close();
  }

  @Test
  void latestValuesAreSkippedWhileAway() throws Exception {
    FakeTransport t = new FakeTransport();
    FleetPublisher p = new FleetPublisher(t, new Outbox(dir, 100));
    p.latest("state", b("online"), 1, true);
    p.flush(5000);
    assertTrue(t.sent.isEmpty());
    assertEquals(0, p.buffered());
    assertFalse(t.connected);
    p.close();
  }
}
