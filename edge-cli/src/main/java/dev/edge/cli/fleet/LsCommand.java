package dev.edge.cli.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edge.agent.fleet.FleetTopics;
import dev.edge.cli.UserException;
import dev.edge.cli.support.FormatOption;
import dev.edge.cli.support.Table;
import dev.edge.cli.system.Units;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code edge fleet ls}: the gateways the broker holds retained state for, with their boards; read from
 * {@code edge/v1/+/state}, {@code edge/v1/+/boards/+} and {@code edge/v1/+/status}.
 */
@Command(name = "ls", aliases = "list", mixinStandardHelpOptions = true,
    description = "List the fleet's gateways and their boards from the broker's retained messages")
public final class LsCommand implements Callable<Integer> {
  static final String NONE = "-";

  @Spec CommandSpec spec;

  @Mixin BrokerOptions broker;

  @Mixin FormatOption format;

  Clock clock = Clock.systemUTC();

  @Override
  public Integer call() throws InterruptedException {
    RetainedCollector retained = new RetainedCollector();
    Map<String, byte[]> messages;
    try (FleetConnection connection = FleetConnection.create(broker.settings())) {
      connection.subscribe(FleetTopics.ALL_STATES, retained);
      connection.subscribe(FleetTopics.ALL_BOARDS, retained);
      connection.subscribe(FleetTopics.ROOT + "/+/status", retained);
      connection.connect();
      messages = retained.settle();
    }
    SortedMap<String, FleetView.Gateway> fleet = FleetView.of(messages);
    PrintWriter out = spec.commandLine().getOut();
    Instant now = clock.instant();
    if (!format.isTable()) {
      try {
        fleet.values().forEach(g -> format.printRow(out, row(g)));
      } catch (IllegalArgumentException e) {
        throw new UserException(e.getMessage(), SendCommand.EXIT_USAGE);
      }
      return 0;
    }
    table(fleet, now).print(out);
    return 0;
  }

  static Table table(SortedMap<String, FleetView.Gateway> fleet, Instant now) {
    Table table = new Table("GATEWAY", "STATE", "BOARDS", "VERSION", "UPTIME", "LAST-SEEN");
    for (FleetView.Gateway g : fleet.values()) {
      table.row(g.id(), g.state() == null ? NONE : g.state(),
          g.boards().isEmpty() ? NONE : String.join(",", g.boards().keySet()),
          g.version().orElse(NONE),
          g.uptimeSeconds().map(s -> Units.humanDuration(Duration.ofSeconds(s))).orElse(NONE),
          g.lastSeen().map(t -> Units.humanDuration(Duration.between(t, now)) + " ago").orElse(NONE));
    }
    return table;
  }

  /** The JSON row: the same columns, boards with what each one's retained message says. */
  static Map<String, Object> row(FleetView.Gateway g) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("Gateway", g.id());
    row.put("State", g.state());
    Map<String, JsonNode> boards = new LinkedHashMap<>(g.boards());
    row.put("Boards", boards);
    row.put("Version", g.version().orElse(null));
    row.put("UptimeSeconds", g.uptimeSeconds().orElse(null));
    row.put("LastSeen", g.lastSeen().map(Instant::toString).orElse(null));
    return row;
  }
}
