package dev.edge.agent.mqtt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MqttDefaultFilePersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link MqttTransport} over Paho's v3 client, used the way the fleet notes advise: file
 * persistence in a directory the daemon owns (never the working directory), a persistent session
 * (clean session off) so QoS 1 commands wait for us at the broker, a large in-flight window, and
 * our own reconnect loop ({@link Backoff}, first connect included) instead of Paho's.
 */
public final class PahoTransport implements MqttTransport {
  private static final Logger LOG = LoggerFactory.getLogger(PahoTransport.class);
  static final int MAX_INFLIGHT = 1000;
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final MqttAsyncClient client;
  private final MqttConnectOptions options;
  private final Backoff backoff;
  private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
  private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "mqtt-reconnect");
    t.setDaemon(true);
    return t;
  });
  private volatile ConnectionListener listener;
  private volatile boolean closed;
  private volatile boolean everConnected;

  private record Subscription(int qos, Handler handler) {}

  /**
   * @param serverUri {@code tcp://host:port} or {@code ssl://host:port}
   * @param stateDir where Paho keeps in-flight QoS 1 messages across restarts
   */
  public PahoTransport(String serverUri, String clientId, Path stateDir,
      MqttConnectOptions options, Backoff backoff) throws IOException {
    Files.createDirectories(stateDir);
    try {
      this.client = new MqttAsyncClient(serverUri, clientId,
          new MqttDefaultFilePersistence(stateDir.toString()));
    } catch (MqttException e) {
      throw new IOException("MQTT client for " + serverUri + ": " + e.getMessage(), e);
    }
    options.setAutomaticReconnect(false);
    options.setCleanSession(false);
    options.setMaxInflight(MAX_INFLIGHT);
    options.setConnectionTimeout((int) CONNECT_TIMEOUT.toSeconds());
    this.options = options;
    this.backoff = backoff;
  }

  /** Connect options with a Last Will, as the agent sets them. */
  public static MqttConnectOptions optionsWithWill(Will will) {
    return withWill(new MqttConnectOptions(), will);
  }

  private static MqttConnectOptions withWill(MqttConnectOptions o, Will will) {
    if (will != null) {
      o.setWill(will.topic(), will.payload(), will.qos(), will.retained());
    }
    return o;
  }

  /**
   * A transport for {@code settings} (broker, TLS, credentials) with an optional Last Will.
   *
   * @param persistentSession true for a gateway (its QoS 1 commands wait at the broker while it is away); false
   *     for a passing client such as the operator CLI, which would otherwise leave a session behind
   */
  public static PahoTransport create(MqttSettings settings, String clientId, Path stateDir, Will will,
      Backoff backoff, boolean persistentSession) throws IOException {
    PahoTransport t = new PahoTransport(settings.pahoUri(), clientId, stateDir,
        withWill(settings.connectOptions(), will), backoff);
    t.options.setCleanSession(!persistentSession);
    return t;
  }

  @Override
  public void start(ConnectionListener l) {
    this.listener = l;
    client.setCallback(new MqttCallbackExtended() {
      @Override
      public void connectComplete(boolean reconnect, String serverUri) {
        // reported by connectNow, which knows whether this is a reconnect
      }

      @Override
      public void connectionLost(Throwable cause) {
        LOG.warn("MQTT connection to {} lost: {}", client.getServerURI(), String.valueOf(cause));
        ConnectionListener current = listener;
        if (current != null) {
          current.lost(cause);
        }
        schedule(backoff.next());
      }

      @Override
      public void messageArrived(String topic, MqttMessage message) {
        for (Map.Entry<String, Subscription> s : subscriptions.entrySet()) {
          if (org.eclipse.paho.client.mqttv3.MqttTopic.isMatched(s.getKey(), topic)) {
            s.getValue().handler().message(topic, message.getPayload());
          }
        }
      }

      @Override
      public void deliveryComplete(IMqttDeliveryToken token) {
        // QoS 1 acknowledgements need no action: Paho drops them from its persistence
      }
    });
    schedule(Duration.ZERO);
  }

  private void schedule(Duration delay) {
    if (!closed) {
      loop.schedule(this::connectNow, delay.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void connectNow() {
    if (closed || client.isConnected()) {
      return;
    }
    try {
      client.connect(options).waitForCompletion(CONNECT_TIMEOUT.toMillis() + 1000);
      boolean reconnect = everConnected;
      everConnected = true;
      backoff.reset();
      for (Map.Entry<String, Subscription> s : subscriptions.entrySet()) {
        client.subscribe(s.getKey(), s.getValue().qos()).waitForCompletion(
            CONNECT_TIMEOUT.toMillis());
      }
      LOG.info("MQTT connected to {}{}", client.getServerURI(), reconnect ? " again" : "");
      ConnectionListener current = listener;
      if (current != null) {
        current.connected(reconnect);
      }
    } catch (MqttException | RuntimeException e) {
      // Whatever went wrong, the loop must go on: a scheduled task that throws is never run again.
      Duration delay = backoff.next();
      LOG.info("MQTT connect to {} failed ({}); next attempt in {} ms", client.getServerURI(),
          String.valueOf(e), delay.toMillis());
      schedule(delay);
    }
  }

  @Override
  public boolean isConnected() {
    return client.isConnected();
  }

  @Override
  public CompletableFuture<Void> publish(String topic, byte[] payload, int qos, boolean retained)
      throws IOException {
    if (!client.isConnected()) {
      throw new IOException("not connected to " + client.getServerURI());
    }
    CompletableFuture<Void> delivered = new CompletableFuture<>();
    try {
      client.publish(topic, payload, qos, retained, null, new IMqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
          delivered.complete(null);
        }

        @Override
        public void onFailure(IMqttToken token, Throwable cause) {
          delivered.completeExceptionally(cause == null ? new IOException("publish to " + topic + " failed")
              : cause);
        }
      });
    } catch (MqttException e) {
      throw new IOException("publish to " + topic + ": " + e.getMessage(), e);
    }
    return delivered;
  }

  @Override
  public void subscribe(String filter, int qos, Handler handler) {
    subscriptions.put(filter, new Subscription(qos, handler));
    if (client.isConnected()) {
      try {
        client.subscribe(filter, qos);
      } catch (MqttException e) {
        LOG.warn("subscribe {}: {}; retried at the next connect", filter, e.getMessage());
      }
    }
  }

  /** Disconnects cleanly (so no Last Will is sent) and frees Paho's threads. */
  @Override
  public void close() throws IOException {
    closed = true;
    loop.shutdownNow();
    try {
      if (client.isConnected()) {
        client.disconnect().waitForCompletion(CONNECT_TIMEOUT.toMillis());
      }
    } catch (MqttException e) {
      LOG.debug("MQTT disconnect: {}", e.getMessage());
    } finally {
      try {
        client.close(true);
      } catch (MqttException e) {
        LOG.debug("MQTT close: {}", e.getMessage());
      }
    }
  }
}
