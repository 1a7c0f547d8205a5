package dev.edge.cli.fleet;

import dev.edge.agent.mqtt.Backoff;
import dev.edge.agent.mqtt.MqttSettings;
import dev.edge.agent.mqtt.MqttTransport;
import dev.edge.agent.mqtt.PahoTransport;
import dev.edge.cli.UserException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The operator's passing connection to the fleet's broker: a clean session (nothing is left at the broker
 * after it), a random client id, Paho's state in a temporary directory removed at {@link #close}. Subscribe
 * before {@link #connect}: the transport then subscribes, and waits for the broker to confirm, before it
 * reports the connection up, so nothing published afterwards can be missed.
 */
final class FleetConnection implements AutoCloseable {
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  static final Duration FIRST_RETRY = Duration.ofMillis(200);
  static final Duration MAX_RETRY = Duration.ofSeconds(5);

  private final MqttSettings settings;
  private final Path stateDir;
  private final PahoTransport transport;
  private final CountDownLatch connected = new CountDownLatch(1);
  /** Removes the state directory when the user interrupts the command (Ctrl-C while waiting). */
  private final Thread cleanup;
  private volatile Listener listener;

  /** Told about the connection after it first came up. */
  interface Listener {
    void lost(Throwable cause);

    void reconnected();
  }

  private FleetConnection(MqttSettings settings, Path stateDir, PahoTransport transport) {
    this.settings = settings;
    this.stateDir = stateDir;
    this.transport = transport;
    this.cleanup = new Thread(() -> delete(stateDir), "edge-fleet-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
  }

  static FleetConnection create(MqttSettings settings) {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("edge-fleet-");
      return new FleetConnection(settings, dir, PahoTransport.create(settings, clientId(), dir, null,
          new Backoff(FIRST_RETRY, MAX_RETRY, new SecureRandom()), false));
    } catch (IOException e) {
      if (dir != null) {
        delete(dir);
      }
      throw new UserException("broker " + settings.broker() + ": " + e.getMessage());
    }
  }

  /** {@code edge-cli-} and 12 random hex digits: 21 characters, within MQTT 3.1.1's 23 every broker takes. */
  static String clientId() {
    byte[] random = new byte[6];
    new SecureRandom().nextBytes(random);
    return "edge-cli-" + HexFormat.of().formatHex(random);
  }

  String broker() {
    return settings.broker().toString();
  }

  void subscribe(String filter, MqttTransport.Handler handler) {
    transport.subscribe(filter, 1, handler);
  }

  void listener(Listener l) {
    this.listener = l;
  }

  /**
   * Connects, with the subscriptions made so far in place.
   *
   * @throws UserException when the broker is not reached within {@link #CONNECT_TIMEOUT}
   */
  void connect() {
    transport.start(new MqttTransport.ConnectionListener() {
      @Override
      public void connected(boolean reconnect) {
        connected.countDown();
        Listener l = listener;
        if (reconnect && l != null) {
          l.reconnected();
        }
      }

      @Override
      public void lost(Throwable cause) {
        Listener l = listener;
        if (l != null) {
          l.lost(cause);
        }
      }
    });
    try {
      if (!connected.await(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new UserException("broker " + broker() + ": no connection within " + CONNECT_TIMEOUT.toSeconds()
            + " s (is it running and reachable, and do the user and password or certificate match its"
            + " configuration?)");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserException("interrupted while connecting to " + broker());
    }
  }

  /** Publishes at QoS 1, not retained. */
  void publish(String topic, byte[] payload) {
    try {
      transport.publish(topic, payload, 1, false);
    } catch (IOException e) {
      throw new UserException("broker " + broker() + ": " + e.getMessage());
    }
  }

  @Override
  public void close() {
    try {
      transport.close();
    } catch (IOException e) {
      // a passing client: nothing is left to save
    } finally {
      delete(stateDir);
      try {
        Runtime.getRuntime().removeShutdownHook(cleanup);
      } catch (IllegalStateException e) {
        // closing during shutdown: the hook runs anyway
      }
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory: the system cleans up what is left
    }
  }
}
