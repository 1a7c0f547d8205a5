package dev.edge.cli.container;

import dev.edge.cli.client.DaemonClient;
import dev.edge.cli.support.ApiCommand;
import dev.edge.cli.support.Query;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code edge wait}: blocks until the containers stop, then prints their exit codes. */
@Command(name = "wait", mixinStandardHelpOptions = true,
    description = "Block until one or more containers stop, then print their exit codes",
    exitCodeOnInvalidInput = ExitCodes.DAEMON_ERROR)
public final class WaitCommand extends ApiCommand {
  @Parameters(arity = "1..*", paramLabel = "CONTAINER") List<String> containers;

  @Override
  protected int run(DaemonClient client) {
    return PerContainer.forEach(containers, spec.commandLine().getOut(),
        spec.commandLine().getErr(), c -> client.post("/containers/" + Query.path(c)
            + "/wait", null, 0).path("StatusCode").asText());
  }
}
