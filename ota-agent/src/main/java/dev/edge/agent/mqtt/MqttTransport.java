package dev.edge.agent.mqtt;

import java.io.Closeable;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * The agent's only view of MQTT: the client library (Paho today) stays behind it, so it can be
 * swapped, and tests can run the agent over a fake.
 */
public interface MqttTransport extends Closeable {
  /** What the broker publishes for us when we vanish (the Last Will). */
  record Will(String topic, byte[] payload, int qos, boolean retained) {}

  /** Receives messages of a subscription, on the transport's thread; must not block long. */
  interface Handler {
    void message(String topic, byte[] payload);
  }

  /** Told when the connection comes up (first time or again) and when it is lost. */
  interface ConnectionListener {
    void connected(boolean reconnect);

    void lost(Throwable cause);

    /** Runs {@code action} at every connect; a loss needs nothing, since the transport reconnects itself. */
    static ConnectionListener onConnected(Runnable action) {
      return new ConnectionListener() {
        @Override
        public void connected(boolean reconnect) {
          action.run();
        }

        @Override
        public void lost(Throwable cause) {
        }
      };
    }
  }

  /** Starts connecting in the background and keeps the connection up until {@link #close}. */
  void start(ConnectionListener listener);

  boolean isConnected();

  /**
   * Publishes while connected.
   *
   * @return completes when the broker has the message (QoS 1: its PUBACK; QoS 0: once written), or
   *     exceptionally when the connection went first
   * @throws IOException when not connected or the client refuses (the caller buffers)
   */
  CompletableFuture<Void> publish(String topic, byte[] payload, int qos, boolean retained) throws IOException;

  /** Subscribes now if connected, and again after every reconnect. */
  void subscribe(String filter, int qos, Handler handler);
}
