package dev.edge.cli.container;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edge.cli.client.DaemonClient;
import dev.edge.cli.support.ApiCommand;
import dev.edge.cli.support.FormatOption;
import dev.edge.cli.support.Query;
import dev.edge.cli.support.Table;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code edge ps}: the containers, with docker's columns, filters and formats. */
@Command(name = "ps", mixinStandardHelpOptions = true, description = "List containers",
    exitCodeOnInvalidInput = ExitCodes.DAEMON_ERROR)
public class PsCommand extends ApiCommand {
  @Option(names = {"-a", "--all"}, description = "Show all containers (default shows just running)")
  boolean all;

  @Option(names = {"-q", "--quiet"}, description = "Only display container IDs")
  boolean quiet;

  @Option(names = "--no-trunc", description = "Don't truncate output")
  boolean noTrunc;

  @Option(names = {"-s", "--size"}, description = "Display total file sizes")
  boolean size;

  @Option(names = {"-n", "--last"}, paramLabel = "N",
      description = "Show n last created containers (includes all states)")
  int last = -1;

  @Option(names = {"-l", "--latest"}, description = "Show the latest created container")
  boolean latest;

  @Option(names = {"-f", "--filter"}, paramLabel = "KEY=VALUE",
      description = "Filter output (status=exited, name=web, label=k=v, ancestor=busybox, …)")
  List<String> filters = new ArrayList<>();

  @Mixin FormatOption format;

  @Override
  protected int run(DaemonClient client) {
    int limit = latest && last < 0 ? 1 : last;
    String filterQuery = Query.filters(filters);
    JsonNode containers = client.get("/containers/json?all=" + (all ? 1 : 0)
        + (limit > 0 ? "&limit=" + limit : "") + (size ? "&size=1" : "")
        + (filterQuery.isEmpty() ? "" : "&filters=" + filterQuery));
    PrintWriter out = spec.commandLine().getOut();
    boolean trunc = !noTrunc;
    if (quiet) {
      for (JsonNode c : containers) {
        String id = c.path("Id").asText();
        out.println(trunc ? ContainerRow.shortId(id) : id);
      }
      return 0;
    }
    if (!format.isTable()) {
      for (JsonNode c : containers) {
        format.printRow(out, ContainerRow.fields(c, trunc, size));
      }
      return 0;
    }
    table(containers, trunc).print(out);
    return 0;
  }

  private Table table(JsonNode containers, boolean trunc) {
    Table table = size
        ? new Table("CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES",
            "SIZE")
        : new Table("CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES");
    for (JsonNode c : containers) {
      Map<String, Object> f = ContainerRow.fields(c, trunc, size);
      List<String> cells = new ArrayList<>(List.of((String) f.get("ID"), (String) f.get("Image"),
          (String) f.get("Command"), (String) f.get("RunningFor"), (String) f.get("Status"),
          (String) f.get("Ports"), (String) f.get("Names")));
      if (size) {
        cells.add((String) f.get("Size"));
      }
      table.row(cells.toArray(new String[0]));
    }
    return table;
  }
}
