package dev.edge.cli.container;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edge.cli.UserException;
import dev.edge.cli.client.DaemonClient;
import dev.edge.cli.support.ApiCommand;
import dev.edge.cli.support.Query;
import dev.edge.cli.system.Units;
import java.io.Console;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code edge container prune}: removes every stopped container, as docker does. */
@Command(name = "prune", mixinStandardHelpOptions = true,
    description = "Remove all stopped containers",
    exitCodeOnInvalidInput = ExitCodes.DAEMON_ERROR)
public final class PruneCommand extends ApiCommand {
  static final String WARNING = "WARNING! This will remove all stopped containers.";

  @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation")
  boolean force;

  @Option(names = "--filter", paramLabel = "KEY=VALUE",
      description = "Provide filter values (e.g. until=24h, label=k=v)")
  List<String> filters = new ArrayList<>();

  @Override
  protected int run(DaemonClient client) {
    if (!force) {
      Console console = System.console();
      if (console == null) {
        throw new UserException(WARNING + " Not a terminal: confirm with -f/--force.");
      }
      String answer = console.readLine("%s%nAre you sure you want to continue? [y/N] ", WARNING);
      if (answer == null || !answer.trim().equalsIgnoreCase("y")) {
        return 0;
      }
    }
    String query = Query.filters(filters);
    JsonNode report = client.post("/containers/prune" + (query.isEmpty() ? ""
        : "?filters=" + query), null);
    PrintWriter out = spec.commandLine().getOut();
    long reclaimed = 0;
    if (report.path("ContainersDeleted").size() > 0) {
      out.println("Deleted Containers:");
      for (JsonNode id : report.path("ContainersDeleted")) {
        out.println(id.asText());
      }
      out.println();
      reclaimed = report.path("SpaceReclaimed").asLong();
    }
    out.println("Total reclaimed space: " + Units.size(reclaimed));
    return 0;
  }
}
