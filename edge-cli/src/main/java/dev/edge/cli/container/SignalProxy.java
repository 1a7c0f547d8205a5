package dev.edge.cli.container;

import dev.edge.cli.client.DaemonClient;
import dev.edge.cli.client.DaemonException;
import java.util.ArrayList;
import java.util.List;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Docker's {@code --sig-proxy}: signals sent to this process while it is attached to a
 * container without a TTY are passed on with {@code POST /containers/{id}/kill?signal=NAME}
 * instead of ending this process. With a TTY the keys reach the container as bytes instead.
 */
final class SignalProxy {
  /**
   * What is forwarded. The JVM keeps QUIT (thread dumps) and USR2 (thread suspension) for
   * itself; those are skipped where it refuses them.
   */
  static final String[] SIGNALS = {"INT", "TERM", "HUP", "QUIT", "USR1", "USR2"};

  private SignalProxy() {}

  /** Starts forwarding; returns the names of the signals that are forwarded. */
  static List<String> forward(DaemonClient client, String containerId) {
    List<String> forwarded = new ArrayList<>();
    for (String name : SIGNALS) {
      try {
        Signal.handle(new Signal(name), new Forwarder(client, containerId));
        forwarded.add(name);
      } catch (IllegalArgumentException e) {
        // reserved by the JVM on this platform
      }
    }
    return forwarded;
  }

  private static final class Forwarder implements SignalHandler {
    private final DaemonClient client;
    private final String containerId;

    Forwarder(DaemonClient client, String containerId) {
      this.client = client;
      this.containerId = containerId;
    }

    @Override
    public void handle(Signal signal) {
      try {
        client.post("/containers/" + containerId + "/kill?signal=" + signal.getName(), null);
      } catch (DaemonException e) {
        // the container is already gone: the wait reports how it ended
      }
    }
  }
}
