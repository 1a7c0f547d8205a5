package dev.edge.cli.image;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edge.cli.client.DaemonClient;
import dev.edge.cli.support.ApiCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code edge logout}: makes the daemon forget a registry's credentials. */
@Command(name = "logout", mixinStandardHelpOptions = true,
    description = "Log out from a registry (default: Docker Hub)")
public final class LogoutCommand extends ApiCommand {
  @Parameters(arity = "0..1", paramLabel = "SERVER") String server;

  @Override
  protected int run(DaemonClient client) {
    String address = server == null ? LoginCommand.DOCKER_HUB : server;
    JsonNode result = client.delete("/edge/v1/auth?serveraddress=" + Names.q(address));
    boolean removed = result.path("Removed").asBoolean(false);
    spec.commandLine().getOut().println(removed
        ? "Removing login credentials for " + address
        : "Not logged in to " + address);
    return 0;
  }
}
