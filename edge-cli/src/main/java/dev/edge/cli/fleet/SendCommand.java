package dev.edge.cli.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edge.agent.fleet.FleetTopics;
import dev.edge.agent.fleet.JobDocuments;
import dev.edge.agent.mqtt.MqttSettings;
import dev.edge.cli.UserException;
import dev.edge.cli.support.IndentedJson;
import dev.edge.cli.support.Table;
import dev.edge.runtime.json.Json;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code edge fleet job send}: signs a job for each gateway it is for and publishes it to
 * {@code edge/v1/<gw>/jobs/<jobId>} at QoS 1, having subscribed to the job's status first; with {@code --wait},
 * follows the status until the job ends.
 */
@Command(name = "send", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Sign a job and send it to gateways over MQTT.",
        "JOB.json holds jobId, type and the type's fields; the command adds gateway, issuedAt, expiresAt and seq"
            + " for each gateway and signs the result with the fleet key. Sending a job id again is safe: a gateway"
            + " runs each job id once."},
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
        "0:sent (without --wait), or the job SUCCEEDED on every gateway",
        "1:the job ended otherwise on a gateway, or it could not be sent",
        "2:bad flags or job file",
        "124:--timeout passed before every gateway reported a final state"})
public final class SendCommand implements Callable<Integer> {
  static final int EXIT_NOT_SUCCEEDED = 1;
  static final int EXIT_USAGE = 2;
  static final int EXIT_TIMEOUT = 124;
  /** How long the broker has to pass a sent document back to us, which tells us it has it. */
  static final Duration PUBLISH_CONFIRM_TIMEOUT = Duration.ofSeconds(10);

  @Spec CommandSpec spec;

  @Mixin BrokerOptions broker;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Targets targets;

  /** Exactly one of: the gateways named, or every gateway the broker has a retained state for. */
  static final class Targets {
    @Option(names = "--gateway", paramLabel = "ID", required = true,
        description = "Gateway to send the job to (repeat for several)")
    List<String> gateways;

    @Option(names = "--all", required = true,
        description = "Every gateway with a retained state on edge/v1/+/state")
    boolean all;
  }

  @Option(names = "--key", paramLabel = "KEY", required = true,
      description = "The fleet's private key (PREFIX.key from edge fleet keygen; PREFIX.pub must be beside it)")
  Path key;

  @Option(names = "--ttl", paramLabel = "DURATION", defaultValue = "1h", converter = DurationConverter.class,
      description = "How long the job stays valid: a gateway that gets it later refuses it (default ${DEFAULT-VALUE},"
          + " at most 7d)")
  Duration ttl;

  @Option(names = "--wait", description = "Follow the job's status until it ends; exit 0 only if it SUCCEEDED")
  boolean wait;

  @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "With --wait: give up waiting after this long (default: no limit)")
  Duration timeout;

  @Option(names = "--result", description = "With --wait: print the result of each job that SUCCEEDED as JSON"
      + " (one object per gateway with --all or several --gateway)")
  boolean result;

  @Parameters(paramLabel = "JOB.json", description = "The job document, or - for stdin")
  String jobFile;

  Clock clock = Clock.systemUTC();
  InputStream stdin = System.in;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (timeout != null && !wait) {
      throw new ParameterException(spec.commandLine(), "--timeout is how long --wait waits: add --wait");
    }
    if (result && !wait) {
      throw new ParameterException(spec.commandLine(), "--result prints what --wait waits for: add --wait");
    }
    if (ttl.compareTo(JobDocuments.MAX_LIFETIME) > 0) {
      throw new ParameterException(spec.commandLine(), "--ttl " + DurationConverter.format(ttl)
          + ": gateways refuse jobs valid for longer than " + DurationConverter.format(JobDocuments.MAX_LIFETIME));
    }
    MqttSettings settings = broker.settings();
    List<String> named = targets.all ? List.of() : gatewayIds(err);
    ObjectNode job = JobFile.read(jobFile, stdin);
    SigningKey signer = SigningKey.load(key);
    String jobId = job.get("jobId").asText();

    try (FleetConnection connection = FleetConnection.create(settings)) {
      JobTracker tracker = new JobTracker(jobId, connection.broker(), out, err, targets.all || named.size() > 1);
      RetainedCollector states = new RetainedCollector();
      if (targets.all) {
        connection.subscribe(FleetTopics.ALL_STATES, states);
        connection.subscribe(FleetTopics.ROOT + "/+/jobs/" + jobId, tracker);
        connection.subscribe(FleetTopics.ROOT + "/+/jobs/" + jobId + "/status", tracker);
      } else {
        for (String gateway : named) {
          FleetTopics topics = new FleetTopics(gateway);
          connection.subscribe(topics.state(), states);
          connection.subscribe(topics.job(jobId), tracker);
          connection.subscribe(topics.jobStatus(jobId), tracker);
        }
      }
      connection.listener(tracker);
      tracker.resendWith(t -> {
        try {
          connection.publish(new FleetTopics(t.gateway).job(jobId), t.envelope);
        } catch (UserException droppedAgain) {
          // the next reconnect sends it again
        }
      });
      connection.connect();
      List<String> gateways = targets.all ? discover(states.settle(), connection.broker(), err) : named;

      long seq = SequenceFile.beside(signer.file(), clock).reserve(gateways.size());
      Instant now = clock.instant();
      for (String gateway : gateways) {
        tracker.expect(gateway, signer.envelope(job, gateway, now, ttl, seq++));
      }
      for (JobTracker.Target t : tracker.targets()) {
        connection.publish(new FleetTopics(t.gateway).job(jobId), t.envelope);
      }
      if (!tracker.await(tracker::allConfirmed, System.nanoTime() + PUBLISH_CONFIRM_TIMEOUT.toNanos())) {
        throw unconfirmed(tracker, jobId, connection.broker());
      }
      if (!targets.all) {
        warnAboutUnknown(named, states.now(), connection.broker(), err);
      }
      boolean several = gateways.size() > 1;
      if (several) {
        err.println("sent job " + jobId + " to " + gateways.size() + " gateways: " + String.join(", ", gateways));
        err.flush();
      }
      if (!wait) {
        out.println(jobId);
        return 0;
      }
      long deadline = timeout == null ? JobTracker.NO_DEADLINE : System.nanoTime() + timeout.toNanos();
      tracker.await(tracker::allEnded, deadline);
      if (result) {
        printResults(tracker, several, out);
      }
      return several ? summary(tracker, jobId, out, err) : outcome(tracker.targets().iterator().next(), jobId, err);
    }
  }

  /** The named gateways as topics spell them, each once; a warning for each id that had to change. */
  private List<String> gatewayIds(PrintWriter err) {
    Set<String> ids = new LinkedHashSet<>();
    for (String id : targets.gateways) {
      String safe;
      try {
        safe = FleetTopics.sanitise(id);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--gateway '" + id + "': empty; use letters, digits, '-'"
            + " and '_'");
      }
      if (!safe.equals(id)) {
        err.println("warning: gateway id '" + id + "' is '" + safe + "' in topics and documents");
      }
      ids.add(safe);
    }
    return new ArrayList<>(ids);
  }

  /**
   * A gateway with no retained state has never connected to this broker: unless it has a session there, the
   * broker drops the job. The broker sends a subscription's retained messages before anything published after
   * it, so by the time our own job has come back to us, a gateway's state would have too.
   */
  static void warnAboutUnknown(List<String> gateways, Map<String, byte[]> retainedStates, String broker,
      PrintWriter err) {
    for (String gateway : gateways) {
      if (!retainedStates.containsKey(new FleetTopics(gateway).state())) {
        err.println("warning: gateway " + gateway + " has never connected to " + broker + " (no retained state):"
            + " the job waits only if it has a session there; check the gateway id");
      }
    }
    err.flush();
  }

  /** The gateways with a retained state, warning about those not online. */
  static List<String> discover(Map<String, byte[]> retainedStates, String broker, PrintWriter err) {
    List<String> ids = new ArrayList<>();
    for (FleetView.Gateway g : FleetView.of(retainedStates).values()) {
      if (g.state() == null) {
        continue;
      }
      if (!FleetTopics.isSafe(g.id())) {
        err.println("warning: skipping '" + g.id() + "': not a gateway id edge agents publish");
        continue;
      }
      if (!g.online()) {
        err.println("warning: " + g.id() + " is " + g.state() + "; its job waits at the broker until it connects"
            + " again, and is refused if it has expired by then");
      }
      ids.add(g.id());
    }
    err.flush();
    if (ids.isEmpty()) {
      throw new UserException("no gateways on " + broker + ": nothing is retained on " + FleetTopics.ALL_STATES);
    }
    return ids;
  }

  private static UserException unconfirmed(JobTracker tracker, String jobId, String broker) {
    List<String> missing = tracker.targets().stream().filter(t -> !t.confirmed).map(t -> t.gateway).toList();
    return new UserException("broker " + broker + " did not pass job " + jobId + " back within "
        + PUBLISH_CONFIRM_TIMEOUT.toSeconds() + " s for " + String.join(", ", missing) + ", so it is not known to"
        + " have it (this command reads its own job topics to know: the broker must let it subscribe to "
        + FleetTopics.ROOT + "/+/jobs/#)");
  }

  /** The results of the jobs that SUCCEEDED: the object itself for one gateway, by gateway for several. */
  private static void printResults(JobTracker tracker, boolean several, PrintWriter out) {
    ObjectNode byGateway = Json.mapper().createObjectNode();
    for (JobTracker.Target t : tracker.targets()) {
      if (t.succeeded()) {
        JsonNode r = Json.mapper().valueToTree(t.end.result() == null ? Map.of() : t.end.result());
        if (!several) {
          out.println(IndentedJson.format(r));
          out.flush();
          return;
        }
        byGateway.set(t.gateway, r);
      }
    }
    if (several) {
      out.println(IndentedJson.format(byGateway));
      out.flush();
    }
  }

  private int outcome(JobTracker.Target t, String jobId, PrintWriter err) {
    if (t.end == null) {
      err.println("job " + jobId + " on " + t.gateway + ": no final state within " + DurationConverter.format(timeout)
          + (t.last == null ? " (no status at all: is the gateway online?)"
              : " (last: " + JobTracker.line(t.last) + ")"));
      return EXIT_TIMEOUT;
    }
    if (t.succeeded()) {
      return 0;
    }
    String error = t.error();
    err.println("job " + jobId + " on " + t.gateway + ": " + t.end.state() + (error.isEmpty() ? "" : ": " + error));
    return EXIT_NOT_SUCCEEDED;
  }

  private int summary(JobTracker tracker, String jobId, PrintWriter out, PrintWriter err) {
    Table table = new Table("GATEWAY", "STATE", "ERROR");
    int failed = 0;
    int waiting = 0;
    for (JobTracker.Target t : tracker.targets()) {
      if (t.end == null) {
        waiting++;
        table.row(t.gateway, t.last == null ? "-" : t.last.state(),
            "no final state within " + DurationConverter.format(timeout));
      } else {
        failed += t.succeeded() ? 0 : 1;
        table.row(t.gateway, t.end.state(), t.error().isEmpty() ? "-" : t.error());
      }
    }
    table.print(out);
    out.flush();
    int total = tracker.targets().size();
    if (failed > 0) {
      err.println("job " + jobId + " did not succeed on " + failed + " of " + total + " gateways");
      return EXIT_NOT_SUCCEEDED;
    }
    if (waiting > 0) {
      err.println("job " + jobId + ": " + waiting + " of " + total + " gateways reported no final state within "
          + DurationConverter.format(timeout));
      return EXIT_TIMEOUT;
    }
    return 0;
  }
}
