package dev.edge.cli.container;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edge.cli.client.DaemonClient;
import dev.edge.cli.client.MultiplexedStream;
import dev.edge.cli.support.ApiCommand;
import dev.edge.cli.support.Query;
import dev.edge.cli.support.Timestamps;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code edge logs}: what a container wrote, from the daemon's log; stdout and stderr kept apart
 * (a TTY container has only one stream), {@code -f} following until the container stops.
 */
@Command(name = "logs", mixinStandardHelpOptions = true,
    description = "Fetch the logs of a container",
    exitCodeOnInvalidInput = ExitCodes.DAEMON_ERROR)
public final class LogsCommand extends ApiCommand {
  @Parameters(index = "0", paramLabel = "CONTAINER") String container;

  @Option(names = {"-f", "--follow"}, description = "Follow log output")
  boolean follow;

  @Option(names = {"-n", "--tail"}, paramLabel = "N",
      description = "Number of lines to show from the end of the logs (default \"all\")")
  String tail = "all";

  @Option(names = {"-t", "--timestamps"}, description = "Show timestamps")
  boolean timestamps;

  @Option(names = "--since", paramLabel = "TIME",
      description = "Show logs since a timestamp (2013-01-02T13:23:37Z) or relative (42m)")
  String since;

  @Option(names = "--until", paramLabel = "TIME",
      description = "Show logs before a timestamp (2013-01-02T13:23:37Z) or relative (42m)")
  String until;

  @Option(names = "--details", description = "Show extra details provided to logs")
  boolean details;

  @Override
  protected int run(DaemonClient client) throws IOException {
    if (!tail.equals("all") && !tail.matches("-?\\d+")) {
      throw new BadFlagException("-n, --tail", tail, "a number of lines, or all");
    }
    Instant now = Instant.now();
    StringBuilder query = new StringBuilder("?stdout=1&stderr=1");
    query.append("&follow=").append(follow ? 1 : 0)
        .append("&timestamps=").append(timestamps ? 1 : 0)
        .append("&tail=").append(Query.encode(tail));
    if (details) {
      query.append("&details=1");
    }
    try {
      if (since != null) {
        query.append("&since=").append(Timestamps.parse("--since", since, now));
      }
      if (until != null) {
        query.append("&until=").append(Timestamps.parse("--until", until, now));
      }
    } catch (IllegalArgumentException e) {
      throw new BadFlagException(e.getMessage());
    }
    JsonNode inspect = client.get("/containers/" + Query.path(container) + "/json");
    boolean tty = inspect.path("Config").path("Tty").asBoolean();
    OutputStream out = new FileOutputStream(FileDescriptor.out);
    OutputStream err = new FileOutputStream(FileDescriptor.err);
    spec.commandLine().getOut().flush();
    try (InputStream logs = client.open("GET", "/containers/" + Query.path(container)
        + "/logs" + query, null)) {
      if (tty) {
        logs.transferTo(out);
      } else {
        MultiplexedStream.demux(logs, out, err);
      }
    }
    return 0;
  }
}
