package dev.edge.agent.fleet;

import dev.edge.agent.mqtt.MqttTransport;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every publish of the agent goes through one thread, so messages leave in the order they were made. Reliable
 * messages (job status, events: QoS 1) go to the {@link Outbox} while the broker is away or while older ones
 * wait there, and the outbox is drained, in order, once the connection is back. Latest-value messages (state,
 * status, boards: retained) are sent only while connected: the agent republishes them all on every connect.
 */
final class FleetPublisher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FleetPublisher.class);

  private final MqttTransport transport;
  private final Outbox outbox;
  private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "fleet-publish");
    t.setDaemon(true);
    return t;
  });

  FleetPublisher(MqttTransport transport, Outbox outbox) {
    this.transport = transport;
    this.outbox = outbox;
  }

  /** QoS 1, kept in the outbox until the broker has it. */
  void reliable(String topic, byte[] payload, boolean retained) {
    run(() -> {
      Outbox.Message m = new Outbox.Message(topic, payload, 1, retained);
      if (!outbox.isEmpty() || !transport.isConnected() || !tryPublish(m)) {
        if (!outbox.offer(m)) {
          LOG.warn("outbox full: dropped a message for {} ({} dropped so far)", topic, outbox.dropped());
        }
      }
    });
  }

  /** Sent now if connected, else skipped: the next connect republishes the latest value. */
  void latest(String topic, byte[] payload, int qos, boolean retained) {
    run(() -> tryPublish(new Outbox.Message(topic, payload, qos, retained)));
  }

  /** Sends what waits in the outbox, oldest first, until it is empty or the connection drops again. */
  void drain() {
    run(() -> {
      while (transport.isConnected()) {
        var next = outbox.peek();
        if (next.isEmpty() || !tryPublish(next.get())) {
          return;
        }
        outbox.remove();
      }
    });
  }

  private boolean tryPublish(Outbox.Message m) {
    try {
      transport.publish(m.topic(), m.payload(), m.qos(), m.retained());
      return true;
    } catch (IOException e) {
      LOG.debug("publish {}: {}", m.topic(), e.getMessage());
      return false;
    }
  }

  private void run(Runnable task) {
    try {
      thread.execute(task);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      LOG.debug("publisher closed; dropped a task");
    }
  }

  /** Waits until everything handed in so far has been sent or buffered. */
  void flush(long millis) throws InterruptedException {
    java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
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
