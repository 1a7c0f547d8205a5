package dev.edge.cli.fleet;

import dev.edge.agent.fleet.FleetTopics;
import dev.edge.agent.fleet.JobStatusMessage;
import dev.edge.agent.mqtt.MqttTransport;
import dev.edge.runtime.json.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Follows one job on the gateways it was sent to. The broker's copy of each sent document (the CLI subscribes
 * to the job topics too) confirms the broker took it; status messages print one line per transition and end
 * with the final state. Messages arrive on the MQTT thread and are handled on the caller's, in order.
 */
final class JobTracker implements MqttTransport.Handler, FleetConnection.Listener {
  static final String SUCCEEDED = "SUCCEEDED";
  /** Waiting without a limit: a deadline this far off is never reached. */
  static final long NO_DEADLINE = Long.MAX_VALUE;

  private final String jobId;
  private final String broker;
  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean prefixGateway;
  private final Map<String, Target> targets = new LinkedHashMap<>();
  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

  private sealed interface Event {}

  private record Message(String topic, byte[] payload) implements Event {}

  private record Lost(Throwable cause) implements Event {}

  private record Reconnected() implements Event {}

  /** What is known of the job on one gateway. */
  static final class Target {
    final String gateway;
    final byte[] envelope;
    boolean confirmed;
    JobStatusMessage last;
    JobStatusMessage end;
    String lastLine;

    Target(String gateway, byte[] envelope) {
      this.gateway = gateway;
      this.envelope = envelope;
    }

    boolean succeeded() {
      return end != null && SUCCEEDED.equals(end.state());
    }

    /** The error of the final state, else its message, else empty. */
    String error() {
      if (end == null) {
        return "";
      }
      return end.error() != null ? end.error() : end.message() != null ? end.message() : "";
    }
  }

  /**
   * @param prefixGateway start each printed line with the gateway (for more than one)
   */
  /** Publishes a target's document again, after a reconnect. */
  private java.util.function.Consumer<Target> resend = t -> { };

  void resendWith(java.util.function.Consumer<Target> publisher) {
    this.resend = publisher;
  }

  JobTracker(String jobId, String broker, PrintWriter out, PrintWriter err, boolean prefixGateway) {
    this.jobId = jobId;
    this.broker = broker;
    this.out = out;
    this.err = err;
    this.prefixGateway = prefixGateway;
  }

  /** Expects {@code envelope} to come back on {@code gateway}'s job topic and status for it after. */
  void expect(String gateway, byte[] envelope) {
    targets.put(gateway, new Target(gateway, envelope));
  }

  Collection<Target> targets() {
    return targets.values();
  }

  boolean allConfirmed() {
    return targets.values().stream().allMatch(t -> t.confirmed);
  }

  boolean allEnded() {
    return targets.values().stream().allMatch(t -> t.end != null);
  }

  @Override
  public void message(String topic, byte[] payload) {
    events.add(new Message(topic, payload));
  }

  @Override
  public void lost(Throwable cause) {
    events.add(new Lost(cause));
  }

  @Override
  public void reconnected() {
    events.add(new Reconnected());
  }

  /**
   * Handles what arrives until {@code done} holds or {@code deadline} ({@link System#nanoTime}) passes.
   *
   * @return whether {@code done} holds
   */
  boolean await(BooleanSupplier done, long deadline) throws InterruptedException {
    while (!done.getAsBoolean()) {
      Event e;
      if (deadline == NO_DEADLINE) {
        e = events.take();
      } else {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        e = events.poll(left, TimeUnit.NANOSECONDS);
        if (e == null) {
          return done.getAsBoolean();
        }
      }
      handle(e);
    }
    return true;
  }

  private void handle(Event e) {
    if (e instanceof Lost lost) {
      err.println("lost the connection to " + broker + " (" + lost.cause() + "); reconnecting");
      err.flush();
    } else if (e instanceof Reconnected) {
      err.println("connected to " + broker + " again");
      err.flush();
      // The same signed document again: a gateway that knows the job does not run it twice but publishes its
      // current status, which is how what was missed while away is caught up.
      targets.values().stream().filter(t -> t.confirmed && t.end == null).forEach(resend);
    } else if (e instanceof Message m) {
      message(m);
    }
  }

  private void message(Message m) {
    Target t = FleetTopics.gatewayOf(m.topic()).map(targets::get).orElse(null);
    if (t == null) {
      return;
    }
    FleetTopics topics = new FleetTopics(t.gateway);
    if (m.topic().equals(topics.job(jobId))) {
      t.confirmed |= Arrays.equals(m.payload(), t.envelope);
    } else if (m.topic().equals(topics.jobStatus(jobId))) {
      t.confirmed = true;
      status(t, m);
    }
  }

  private void status(Target t, Message m) {
    JobStatusMessage s;
    try {
      s = Json.mapper().readValue(m.payload(), JobStatusMessage.class);
    } catch (IOException e) {
      err.println("ignoring a message on " + m.topic() + " that is not a job status: " + e.getMessage());
      err.flush();
      return;
    }
    if (s.state() == null) {
      err.println("ignoring a status on " + m.topic() + " without a state");
      err.flush();
      return;
    }
    if (t.end != null) {
      return;
    }
    boolean last = s.isFinal();
    if (!last && t.last != null && s.seq() < t.last.seq()) {
      return;
    }
    t.last = s;
    if (last) {
      t.end = s;
    }
    String line = line(s);
    if (!line.equals(t.lastLine)) {
      t.lastLine = line;
      out.println(prefixGateway ? t.gateway + " " + line : line);
      out.flush();
    }
  }

  /** State, phase, percent and message of a status, those it has. */
  static String line(JobStatusMessage s) {
    StringBuilder b = new StringBuilder(s.state());
    if (s.phase() != null) {
      b.append(' ').append(s.phase());
    }
    if (s.percent() != null) {
      b.append(' ').append(s.percent()).append('%');
    }
    if (s.message() != null) {
      b.append(' ').append(s.message());
    }
    return b.toString();
  }
}
