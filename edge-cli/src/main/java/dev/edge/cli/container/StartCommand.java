package dev.edge.cli.container;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edge.cli.UserException;
import dev.edge.cli.client.DaemonClient;
import dev.edge.cli.client.DaemonException;
import dev.edge.cli.support.ApiCommand;
import dev.edge.cli.support.Query;
import dev.edge.cli.support.Terminal;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code edge start}: starts stopped containers; with {@code -a} attached to one, exiting with
 * its exit code as {@code docker start -a} does.
 */
@Command(name = "start", mixinStandardHelpOptions = true,
    description = "Start one or more stopped containers",
    exitCodeOnInvalidInput = ExitCodes.DAEMON_ERROR)
public final class StartCommand extends ApiCommand {
  @Parameters(arity = "1..*", paramLabel = "CONTAINER") List<String> containers;

  @Option(names = {"-a", "--attach"}, description = "Attach STDOUT/STDERR and forward signals")
  boolean attach;

  @Option(names = {"-i", "--interactive"}, description = "Attach container's STDIN")
  boolean interactive;

  @Override
  protected int run(DaemonClient client) throws Exception {
    if (attach || interactive) {
      if (containers.size() > 1) {
        throw new UserException("you cannot start and attach multiple containers at once");
      }
      return startAttached(client, containers.get(0));
    }
    List<String> failed = PerContainer.failed(containers, spec.commandLine().getOut(),
        spec.commandLine().getErr(), c -> {
          client.post("/containers/" + Query.path(c) + "/start", null);
          return c;
        });
    if (!failed.isEmpty()) {
      throw new UserException("Error: failed to start containers: " + String.join(", ", failed));
    }
    return 0;
  }

  private int startAttached(DaemonClient client, String container) throws Exception {
    JsonNode inspect = client.get("/containers/" + Query.path(container) + "/json");
    String id = inspect.path("Id").asText();
    boolean tty = inspect.path("Config").path("Tty").asBoolean();
    boolean stdin = interactive && inspect.path("Config").path("OpenStdin").asBoolean();
    if (tty && stdin && !Terminal.isTerminal(Terminal.STDIN)) {
      throw new UserException("the input device is not a TTY");
    }
    boolean autoRemove = inspect.path("HostConfig").path("AutoRemove").asBoolean();
    try {
      return new AttachedStart(client, id, tty, stdin, true, true)
          .run(autoRemove, true, spec.commandLine().getErr());
    } catch (DaemonException e) {
      throw new UserException(e.getMessage());
    }
  }
}
