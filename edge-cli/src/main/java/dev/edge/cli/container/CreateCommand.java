package dev.edge.cli.container;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edge.cli.UserException;
import dev.edge.cli.client.DaemonClient;
import dev.edge.cli.client.DaemonException;
import dev.edge.cli.support.ApiCommand;
import dev.edge.cli.support.TrailingCommand;
import dev.edge.runtime.image.Reference;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code edge create}: creates a container without starting it and prints its ID. */
@Command(name = "create", description = "Create a new container",
    exitCodeOnInvalidInput = ExitCodes.DAEMON_ERROR)
public final class CreateCommand extends ApiCommand {
  @Mixin CreateOptions options;

  @Parameters(index = "0", paramLabel = "IMAGE", description = "Image to create it from",
      preprocessor = TrailingCommand.class)
  String image;

  @Parameters(index = "1..*", paramLabel = "COMMAND", description = "Command and arguments")
  List<String> command = new ArrayList<>();

  @Override
  protected int run(DaemonClient client) {
    ObjectNode body;
    try {
      Reference.parse(image);
      body = options.body(image, command, false, System::getenv);
    } catch (UserException | IllegalArgumentException e) {
      throw RunFailure.of("create", e.getMessage(), ExitCodes.DAEMON_ERROR, true);
    }
    try {
      String id = ContainerCreator.create(client, options, body, spec.commandLine().getErr());
      spec.commandLine().getOut().println(id);
      return 0;
    } catch (DaemonException | UserException e) {
      throw RunFailure.of("create", e.getMessage(), ExitCodes.DAEMON_ERROR, true);
    }
  }
}
