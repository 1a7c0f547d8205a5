package dev.edge.agent.mqtt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.MqttClientPersistence;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
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
  /**
   * How long close() gives QoS 1 messages in flight to be acknowledged before the DISCONNECT (the
   * operator CLI publishes and closes); it ends as soon as nothing is in flight.
   */
  static final Duration CLOSE_QUIESCE = Duration.ofSeconds(5);
  /** How long close() waits for Paho's disconnect thread to finish after the DISCONNECT went out. */
  static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(5);

  private final PahoClient client;
  private final MqttConnectOptions options;
  private final Backoff backoff;
  private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
  private final ScheduledThreadPoolExecutor loop;
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
    this(serverUri, clientId, filePersistence(stateDir), options, backoff);
  }

  private static MqttClientPersistence filePersistence(Path stateDir) throws IOException {
    Files.createDirectories(stateDir);
    return new MqttDefaultFilePersistence(stateDir.toString());
  }

  private PahoTransport(String serverUri, String clientId, MqttClientPersistence persistence,
      MqttConnectOptions options, Backoff backoff) throws IOException {
    try {
      this.client = new PahoClient(serverUri, clientId, persistence);
    } catch (MqttException e) {
      throw new IOException("MQTT client for " + serverUri + ": " + e.getMessage(), e);
    }
    this.loop = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "mqtt-reconnect " + clientId);
      t.setDaemon(true);
      return t;
    });
    // close() waits for the loop; a retry still waiting out its backoff must not hold it up.
    loop.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
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
   * @param persistentSession true for a gateway (its QoS 1 commands wait at the broker while it is away; Paho's
   *     state is kept in {@code stateDir}); false for a passing client such as the operator CLI, which would
   *     otherwise leave a session behind (Paho's state is kept in memory, {@code stateDir} is not used)
   */
  public static PahoTransport create(MqttSettings settings, String clientId, Path stateDir, Will will,
      Backoff backoff, boolean persistentSession) throws IOException {
    // A clean session keeps nothing across connections, so a passing client keeps Paho's state in memory and
    // spares the fsync Paho's file persistence makes for every QoS 1 message.
    PahoTransport t = new PahoTransport(settings.pahoUri(), clientId, persistentSession ? filePersistence(stateDir)
        : new MemoryPersistence(), withWill(settings.connectOptions(), will), backoff);
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
      try {
        loop.schedule(this::connectNow, delay.toMillis(), TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException e) {
        // close() shut the loop down after the check above: nothing to retry
      }
    }
  }

  private void connectNow() {
    if (closed || client.isConnected()) {
      return;
    }
    try {
      try {
        client.connect(options).waitForCompletion(CONNECT_TIMEOUT.toMillis() + 1000);
      } catch (MqttException e) {
        abortIfStillConnecting();
        throw e;
      }
      if (closed) {
        return; // close() is waiting for this attempt, and disconnects
      }
      boolean reconnect = everConnected;
      everConnected = true;
      backoff.reset();
      try {
        for (Map.Entry<String, Subscription> s : subscriptions.entrySet()) {
          client.subscribe(s.getKey(), s.getValue().qos()).waitForCompletion(
              CONNECT_TIMEOUT.toMillis());
        }
      } catch (MqttException e) {
        // Connected without our subscriptions is no use; drop it so the next attempt starts over.
        client.disconnectForcibly(1000, 1000);
        throw e;
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
          describe(e), delay.toMillis());
      schedule(delay);
    }
  }

  /**
   * A broker that accepts the connection but never answers CONNECT leaves Paho 1.2.5 connecting for
   * good (it does not time out a missing CONNACK), and every later connect would fail as "already in
   * progress"; after a failed attempt the client is no longer connecting, and this does nothing.
   */
  private void abortIfStillConnecting() {
    if (client.isConnecting()) {
      try {
        client.disconnectForcibly(0, 0, false);
      } catch (MqttException e) {
        LOG.debug("MQTT abort of a connect to {}: {}", client.getServerURI(), e.getMessage());
      }
    }
  }

  /** Paho's message ("Connection lost") with its cause, which says what TLS or the socket saw. */
  private static String describe(Exception e) {
    if (!(e instanceof MqttException)) {
      return e.toString();
    }
    Throwable cause = e.getCause();
    return cause == null || cause == e ? e.getMessage() : e.getMessage() + ": " + cause;
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

  /**
   * Disconnects cleanly (so no Last Will is sent) and frees Paho's threads. A connect under way is
   * let finish first (at most {@link #CONNECT_TIMEOUT} and a second), because Paho refuses to close a
   * client that is connecting and would keep that attempt's threads.
   */
  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    loop.shutdown();
    try {
      if (!loop.awaitTermination(CONNECT_TIMEOUT.toMillis() + 2000, TimeUnit.MILLISECONDS)) {
        loop.shutdownNow();
      }
      abortIfStillConnecting();
      if (client.isConnected()) {
        client.disconnect(CLOSE_QUIESCE.toMillis())
            .waitForCompletion(CLOSE_QUIESCE.plus(CONNECT_TIMEOUT).toMillis());
      }
    } catch (MqttException e) {
      LOG.debug("MQTT disconnect from {}: {}", client.getServerURI(), e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      awaitSettled();
      try {
        client.close(true);
      } catch (MqttException e) {
        LOG.warn("MQTT close of {}: {}; its threads may linger", client.getServerURI(), e.getMessage());
      }
    }
  }

  /**
   * Paho completes the disconnect token before its disconnect thread has shut the connection down;
   * a close() in between is only noted, and the threads stay (Paho issue #1093).
   */
  private void awaitSettled() {
    long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
    while (!client.isSettled() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
