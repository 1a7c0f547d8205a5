package dev.edge.cli.image;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edge.cli.UserException;
import dev.edge.cli.client.DaemonClient;
import dev.edge.cli.support.ApiCommand;
import dev.edge.cli.system.Units;
import java.io.Console;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code edge image prune}: removes dangling (or all unused) images, as docker does. */
@Command(name = "prune", mixinStandardHelpOptions = true, description = "Remove unused images")
public final class PruneCommand extends ApiCommand {
  @Option(names = {"-a", "--all"}, description = "Remove all unused images, not just dangling")
  boolean all;

  @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation")
  boolean force;

  @Override
  protected int run(DaemonClient client) {
    if (!force) {
      Console console = System.console();
      String warning = all
          ? "WARNING! This will remove all images without at least one container associated."
          : "WARNING! This will remove all dangling images.";
      if (console == null) {
        throw new UserException(warning + " Not a terminal: confirm with -f/--force.");
      }
      String answer = console.readLine("%s%nAre you sure you want to continue? [y/N] ", warning);
      if (answer == null || !answer.trim().equalsIgnoreCase("y")) {
        return 0;
      }
    }
    String filters = all ? "{\"dangling\":{\"false\":true}}" : "{\"dangling\":{\"true\":true}}";
    JsonNode result = client.post("/images/prune?filters=" + Names.q(filters), null);
    PrintWriter out = spec.commandLine().getOut();
    if (result.path("ImagesDeleted").size() > 0) {
      out.println("Deleted Images:");
      for (JsonNode item : result.path("ImagesDeleted")) {
        item.fields().forEachRemaining(f -> out.println(f.getKey().toLowerCase() + ": "
            + f.getValue().asText()));
      }
      out.println();
    }
    out.println("Total reclaimed space: " + Units.size(result.path("SpaceReclaimed").asLong()));
    return 0;
  }
}
