package dev.edge.cli.image;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edge.cli.client.DaemonClient;
import dev.edge.cli.client.DaemonException;
import dev.edge.cli.support.ApiCommand;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code edge rmi}: untags and removes images, as {@code docker rmi}. No "rm" alias here: at the
 * top level {@code edge rm} removes containers; {@code edge image rm} is {@link ImageRmCommand}.
 */
@Command(name = "rmi", mixinStandardHelpOptions = true, description = "Remove one or more images")
public class RmiCommand extends ApiCommand {
  @Parameters(arity = "1..*", paramLabel = "IMAGE") List<String> images;

  @Option(names = {"-f", "--force"}, description = "Force removal of the image")
  boolean force;

  @Option(names = "--no-prune", description = "Do not delete untagged parents")
  boolean noPrune;

  @Override
  protected int run(DaemonClient client) {
    PrintWriter out = spec.commandLine().getOut();
    int failures = 0;
    for (String image : images) {
      try {
        JsonNode result = client.delete("/images/" + image + "?force=" + (force ? 1 : 0)
            + "&noprune=" + (noPrune ? 1 : 0));
        for (JsonNode item : result) {
          if (item.has("Untagged")) {
            out.println("Untagged: " + item.get("Untagged").asText());
          }
          if (item.has("Deleted")) {
            out.println("Deleted: " + item.get("Deleted").asText());
          }
        }
      } catch (DaemonException e) {
        spec.commandLine().getErr().println(e.getMessage());
        failures++;
      }
    }
    return failures > 0 ? 1 : 0; // each failure is already printed, as docker does
  }
}
