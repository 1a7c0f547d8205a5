package dev.edge.agent.fleet;

import dev.edge.agent.mqtt.MqttTransport;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every publish of the agent goes through one thread, so messages leave in the order they were made.
 *
 * <p>Reliable messages (job status, events: QoS 1) are numbered. One is sent at once only when the broker is
 * there and nothing older waits; otherwise it goes to the {@link Outbox}. A sent one is kept until the broker
 * acknowledges it: when the connection drops first, the unacknowledged ones go to the outbox too (under their
 * old numbers, so before anything newer), since the client library does not reliably send them again. After a
 * reconnect the outbox is drained, oldest first, one acknowledgement at a time. A message may so arrive twice,
 * which QoS 1 allows; it never arrives out of order or not at all (below the outbox's bound).
 *
 * <p>Latest-value messages (state, status, boards: retained) are sent only while connected: the agent
 * republishes them all on every connect.
 */
final class FleetPublisher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FleetPublisher.class);

  private final MqttTransport transport;
  private final Outbox outbox;
  /** One send of a message; an acknowledgement counts only for the send that is current. */
  private record Attempt(Outbox.Message message) {}

  /** Sent, not yet acknowledged, by message number; only touched on the publisher's thread. */
  private final Map<Long, Attempt> unacked = new LinkedHashMap<>();
  private boolean draining;
  private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "fleet-publish");
    t.setDaemon(true);
    return t;
  });

  FleetPublisher(MqttTransport transport, Outbox outbox) {
    this.transport = transport;
    this.outbox = outbox;
  }

  /** QoS 1, kept until the broker has it. */
  void reliable(String topic, byte[] payload, boolean retained) {
    run(() -> {
      Outbox.Message m = new Outbox.Message(outbox.nextId(), topic, payload, 1, retained);
      if (!outbox.isEmpty() || draining || !transport.isConnected() || !send(m, false)) {
        keep(m);
      }
    });
  }

  /** Sent now if connected, else skipped: the next connect republishes the latest value. */
  void latest(String topic, byte[] payload, int qos, boolean retained) {
    run(() -> {
      try {
        transport.publish(topic, payload, qos, retained);
      } catch (IOException e) {
        LOG.debug("publish {}: {}", topic, e.getMessage());
      }
    });
  }

  /** Sends what waits in the outbox, oldest first, each after the previous one was acknowledged. */
  void drain() {
    run(() -> {
      if (!draining) {
        drainNext();
      }
    });
  }

  /** The connection dropped: what the broker did not acknowledge waits in the outbox for the next one. */
  void connectionLost() {
    run(() -> {
      draining = false;
      unacked.values().forEach(a -> keep(a.message()));
      unacked.clear();
    });
  }

  private void drainNext() {
    if (!transport.isConnected()) {
      draining = false;
      return;
    }
    Optional<Outbox.Message> next = outbox.peek();
    if (next.isEmpty()) {
      draining = false;
      return;
    }
    draining = true;
    if (!send(next.get(), true)) {
      draining = false;
    }
  }

  /**
   * Publishes {@code m}; when the broker acknowledges it, it leaves the outbox (if it came from there) and,
   * when draining, the next one goes.
   */
  private boolean send(Outbox.Message m, boolean fromOutbox) {
    try {
      Attempt attempt = new Attempt(m);
      transport.publish(m.topic(), m.payload(), m.qos(), m.retained()).whenComplete((ok, failed) -> run(() -> {
        // An earlier send of the message may still be acknowledged (the client library can resend it itself
        // after a reconnect); only the current one moves the outbox on.
        if (unacked.get(m.id()) != attempt) {
          return;
        }
        unacked.remove(m.id());
        if (failed != null) {
          keep(m);
          return;
        }
        if (fromOutbox) {
          outbox.remove(m.id());
          drainNext();
        }
      }));
      unacked.put(m.id(), attempt);
      return true;
    } catch (IOException e) {
      LOG.debug("publish {}: {}", m.topic(), e.getMessage());
      return false;
    }
  }

  private void keep(Outbox.Message m) {
    if (!outbox.offer(m)) {
      LOG.warn("outbox full: dropped a message for {} ({} dropped so far)", m.topic(), outbox.dropped());
    }
  }

  private void run(Runnable task) {
    try {
      thread.execute(task);
    } catch (RejectedExecutionException e) {
      LOG.debug("publisher closed; dropped a task");
    }
  }

  /** Waits until everything handed in so far has been sent or buffered. */
  void flush(long millis) throws InterruptedException {
    CountDownLatch done = new CountDownLatch(1);
    run(done::countDown);
    done.await(millis, TimeUnit.MILLISECONDS);
  }

  int buffered() {
    return outbox.size();
  }

  long dropped() {
    return outbox.dropped();
  }

  @Override
  public void close() throws InterruptedException {
    thread.shutdown();
    thread.awaitTermination(5, TimeUnit.SECONDS);
  }
}
