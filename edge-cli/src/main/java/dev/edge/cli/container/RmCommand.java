package dev.edge.cli.container;

import dev.edge.cli.client.DaemonClient;
import dev.edge.cli.support.ApiCommand;
import dev.edge.cli.support.Query;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code edge rm}: removes containers (a running one only with -f). */
@Command(name = "rm", mixinStandardHelpOptions = true,
    description = "Remove one or more containers",
    exitCodeOnInvalidInput = ExitCodes.DAEMON_ERROR)
public final class RmCommand extends ApiCommand {
  @Parameters(arity = "1..*", paramLabel = "CONTAINER") List<String> containers;

  @Option(names = {"-f", "--force"},
      description = "Force the removal of a running container (uses SIGKILL)")
  boolean force;

  @Option(names = {"-v", "--volumes"},
      description = "Remove anonymous volumes associated with the container")
  boolean volumes;

  @Override
  protected int run(DaemonClient client) {
    String query = "?force=" + (force ? 1 : 0) + "&v=" + (volumes ? 1 : 0);
    return PerContainer.forEach(containers, spec.commandLine().getOut(),
        spec.commandLine().getErr(), c -> {
          client.delete("/containers/" + Query.path(c) + query);
          return c;
        });
  }
}
