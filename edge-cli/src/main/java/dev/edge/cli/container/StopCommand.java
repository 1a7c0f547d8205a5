package dev.edge.cli.container;

import dev.edge.cli.client.DaemonClient;
import dev.edge.cli.support.ApiCommand;
import dev.edge.cli.support.Query;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code edge stop}: the stop signal, then SIGKILL after the grace period, as docker stop. */
@Command(name = "stop", mixinStandardHelpOptions = true,
    description = "Stop one or more running containers",
    exitCodeOnInvalidInput = ExitCodes.DAEMON_ERROR)
public final class StopCommand extends ApiCommand {
  /** The stop itself may take the whole grace period; the answer comes this long after it. */
  static final long ANSWER_MARGIN_MS = 30_000;

  @Parameters(arity = "1..*", paramLabel = "CONTAINER") List<String> containers;

  @Option(names = {"-t", "--time", "--timeout"}, paramLabel = "SECONDS",
      description = "Seconds to wait before killing the container")
  Integer timeout;

  @Option(names = {"-s", "--signal"}, paramLabel = "SIGNAL",
      description = "Signal to send to the container")
  String signal;

  @Override
  protected int run(DaemonClient client) {
    String query = (timeout == null ? "" : "&t=" + timeout)
        + (signal == null ? "" : "&signal=" + Query.encode(signal));
    String suffix = query.isEmpty() ? "" : "?" + query.substring(1);
    // a container's own StopTimeout may be longer than ours: no time limit unless -t is given
    long limit = timeout == null || timeout < 0 ? 0 : timeout * 1000L + ANSWER_MARGIN_MS;
    return PerContainer.forEach(containers, spec.commandLine().getOut(),
        spec.commandLine().getErr(), c -> {
          client.post("/containers/" + Query.path(c) + "/stop" + suffix, null, limit);
          return c;
        });
  }
}
