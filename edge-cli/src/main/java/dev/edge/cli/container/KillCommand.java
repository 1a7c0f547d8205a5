package dev.edge.cli.container;

import dev.edge.cli.client.DaemonClient;
import dev.edge.cli.support.ApiCommand;
import dev.edge.cli.support.Query;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code edge kill}: sends a signal (KILL unless -s) to running containers. */
@Command(name = "kill", mixinStandardHelpOptions = true,
    description = "Kill one or more running containers",
    exitCodeOnInvalidInput = ExitCodes.DAEMON_ERROR)
public final class KillCommand extends ApiCommand {
  @Parameters(arity = "1..*", paramLabel = "CONTAINER") List<String> containers;

  @Option(names = {"-s", "--signal"}, paramLabel = "SIGNAL",
      description = "Signal to send to the container (default KILL)")
  String signal;

  @Override
  protected int run(DaemonClient client) {
    String query = signal == null || signal.isEmpty() ? "" : "?signal=" + Query.encode(signal);
    return PerContainer.forEach(containers, spec.commandLine().getOut(),
        spec.commandLine().getErr(), c -> {
          client.post("/containers/" + Query.path(c) + "/kill" + query, null);
          return c;
        });
  }
}
