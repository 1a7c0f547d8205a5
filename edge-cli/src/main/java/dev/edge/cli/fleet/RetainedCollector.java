package dev.edge.cli.fleet;

import dev.edge.agent.mqtt.MqttTransport;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Collects the retained messages a fresh subscription brings: the broker sends them right after it confirms
 * the subscription, so they are all in once none has come for {@link #QUIET}. {@link #MAX} bounds the wait
 * on a busy fleet whose gateways keep publishing. The newest payload per topic wins; an empty one removes the
 * topic, as it removes a retained message at the broker.
 */
final class RetainedCollector implements MqttTransport.Handler {
  static final Duration QUIET = Duration.ofMillis(300);
  static final Duration MAX = Duration.ofSeconds(3);

  private final Map<String, byte[]> messages = new LinkedHashMap<>();
  private long lastArrival = System.nanoTime();

  @Override
  public synchronized void message(String topic, byte[] payload) {
    if (payload.length == 0) {
      messages.remove(topic);
    } else {
      messages.put(topic, payload);
    }
    lastArrival = System.nanoTime();
    notifyAll();
  }

  /** What has arrived so far, by topic, without waiting. */
  synchronized Map<String, byte[]> now() {
    return new LinkedHashMap<>(messages);
  }

  /** Waits, from now (just after connecting), until the messages settle, and returns them by topic. */
  synchronized Map<String, byte[]> settle() throws InterruptedException {
    return settle(QUIET, MAX);
  }

  synchronized Map<String, byte[]> settle(Duration quiet, Duration max) throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + max.toNanos();
    long quietEnd = Math.max(start, lastArrival) + quiet.toNanos();
    long now = start;
    while (now - quietEnd < 0 && now - deadline < 0) {
      long until = quietEnd - deadline < 0 ? quietEnd : deadline;
      TimeUnit.NANOSECONDS.timedWait(this, until - now);
      now = System.nanoTime();
      quietEnd = Math.max(start, lastArrival) + quiet.toNanos();
    }
    return new LinkedHashMap<>(messages);
  }
}
