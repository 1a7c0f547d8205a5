package dev.edge.cli.container;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edge.cli.UserException;
import dev.edge.cli.client.DaemonClient;
import dev.edge.cli.client.DaemonException;
import dev.edge.cli.support.ApiCommand;
import dev.edge.cli.support.TrailingCommand;
import dev.edge.cli.support.Terminal;
import dev.edge.runtime.image.Reference;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code edge run}: create, start and attach to a container, as {@code docker run}; exits with
 * the container's exit code, or 125/126/127 for edge's and the daemon's own failures.
 */
@Command(name = "run", description = "Create and run a new container from an image",
    exitCodeOnInvalidInput = ExitCodes.DAEMON_ERROR)
public final class RunCommand extends ApiCommand {
  @Mixin CreateOptions options;

  @Option(names = {"-d", "--detach"},
      description = "Run container in background and print container ID")
  boolean detach;

  @Option(names = "--sig-proxy", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
      description = "Proxy received signals to the process (default true)")
  boolean sigProxy = true;

  @Parameters(index = "0", paramLabel = "IMAGE", description = "Image to run",
      preprocessor = TrailingCommand.class)
  String image;

  @Parameters(index = "1..*", paramLabel = "COMMAND", description = "Command and arguments")
  List<String> command = new ArrayList<>();

  @Override
  protected int run(DaemonClient client) throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    ObjectNode body;
    try {
      Reference.parse(image);
      body = options.body(image, command, detach, System::getenv);
    } catch (UserException e) {
      throw RunFailure.of("run", e.getMessage(), ExitCodes.DAEMON_ERROR, true);
    } catch (IllegalArgumentException e) {
      throw RunFailure.of("run", e.getMessage(), ExitCodes.DAEMON_ERROR, true);
    }
    boolean stdin = body.get("AttachStdin").asBoolean();
    boolean stdout = body.get("AttachStdout").asBoolean();
    boolean stderr = body.get("AttachStderr").asBoolean();
    if (options.tty() && stdin && !Terminal.isTerminal(Terminal.STDIN)) {
      throw new UserException("the input device is not a TTY");
    }
    String id;
    try {
      id = ContainerCreator.create(client, options, body, err);
    } catch (DaemonException | UserException e) {
      throw RunFailure.of("run", e.getMessage(), ExitCodes.forStartFailure(e.getMessage()),
          true);
    }
    if (!stdout && !stderr) {
      // detached (or stdin only): the ID is all docker prints
      spec.commandLine().getOut().println(id);
      spec.commandLine().getOut().flush();
    }
    try {
      if (detach) {
        client.post("/containers/" + id + "/start", null);
        return 0;
      }
      return new AttachedStart(client, id, options.tty(), stdin, stdout, stderr)
          .run(options.autoRemove(), sigProxy, err);
    } catch (DaemonException e) {
      throw RunFailure.of("run", e.getMessage(), ExitCodes.forStartFailure(e.getMessage()),
          false);
    }
  }
}
