package dev.edge.cli.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edge.cli.UserException;
import dev.edge.cli.client.DaemonClient;
import dev.edge.cli.client.RawStream;
import dev.edge.cli.support.ApiCommand;
import dev.edge.cli.support.Query;
import dev.edge.cli.support.Terminal;
import dev.edge.cli.support.TrailingCommand;
import dev.edge.runtime.json.Json;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code edge exec}: runs a command in a running container, attached like {@code docker exec};
 * edge exits with the command's exit code.
 */
@Command(name = "exec", mixinStandardHelpOptions = true,
    description = "Execute a command in a running container",
    exitCodeOnInvalidInput = ExitCodes.DAEMON_ERROR)
public final class ExecCommand extends ApiCommand {
  /** The exit code is recorded as the stream ends; a few looks bridge the gap. */
  static final int EXIT_CODE_POLLS = 50;
  static final long EXIT_CODE_POLL_MS = 20;

  @Option(names = {"-d", "--detach"}, description = "Detached mode: run command in the background")
  boolean detach;

  @Option(names = {"-i", "--interactive"}, description = "Keep STDIN open even if not attached")
  boolean interactive;

  @Option(names = {"-t", "--tty"}, description = "Allocate a pseudo-TTY")
  boolean tty;

  @Option(names = {"-e", "--env"}, paramLabel = "KEY[=VALUE]",
      description = "Set environment variables")
  List<String> env = new ArrayList<>();

  @Option(names = "--env-file", paramLabel = "FILE",
      description = "Read in a file of environment variables")
  List<String> envFiles = new ArrayList<>();

  @Option(names = {"-w", "--workdir"}, paramLabel = "DIR",
      description = "Working directory inside the container")
  String workdir;

  @Option(names = {"-u", "--user"}, paramLabel = "NAME|UID[:GROUP|GID]",
      description = "Username or UID")
  String user;

  @Option(names = "--privileged", description = "Give extended privileges to the command")
  boolean privileged;

  @Parameters(index = "0", paramLabel = "CONTAINER",
      preprocessor = TrailingCommand.class) String container;

  @Parameters(index = "1..*", paramLabel = "COMMAND", description = "Command and arguments")
  List<String> command = new ArrayList<>();

  @Override
  protected int run(DaemonClient client) throws Exception {
    if (command.isEmpty()) {
      throw new BadFlagException("\"edge exec\" requires at least 2 arguments: CONTAINER"
          + " COMMAND [ARG...]");
    }
    boolean stdin = interactive && !detach;
    if (tty && stdin && !Terminal.isTerminal(Terminal.STDIN)) {
      throw new UserException("the input device is not a TTY");
    }
    String execId = client.post("/containers/" + Query.path(container) + "/exec",
        config(stdin)).path("Id").asText();
    ObjectNode start = Json.mapper().createObjectNode().put("Detach", detach).put("Tty", tty);
    if (detach) {
      client.post("/exec/" + execId + "/start", start);
      return 0;
    }
    RawStream stream = client.hijack("/exec/" + execId + "/start", start);
    OutputStream out = new FileOutputStream(FileDescriptor.out);
    OutputStream err = tty ? out : new FileOutputStream(FileDescriptor.err);
    StreamSession session = StreamSession.open(stream, tty,
        stdin ? new FileInputStream(FileDescriptor.in) : null, out, err,
        tty && stdin && Terminal.isTerminal(Terminal.STDIN));
    try (session) {
      if (tty && Terminal.isTerminal(Terminal.STDOUT)) {
        TtyResizer.monitor(client, "/exec/" + execId + "/resize");
      }
      session.pump();
    } catch (IOException e) {
      if (System.getenv("EDGE_DEBUG") != null) {
        spec.commandLine().getErr().println("exec stream: " + e.getMessage());
      }
    }
    if (session.detached()) {
      return 0; // the command runs on, as after docker's ctrl-p ctrl-q
    }
    return exitCode(client, execId);
  }

  private ObjectNode config(boolean stdin) {
    ObjectNode config = Json.mapper().createObjectNode();
    if (user != null) {
      config.put("User", user);
    }
    config.put("Privileged", privileged);
    config.put("Tty", tty);
    config.put("AttachStdin", stdin);
    config.put("AttachStdout", !detach);
    config.put("AttachStderr", !detach);
    config.put("Detach", detach);
    config.set("Env", Json.mapper().valueToTree(EnvVars.collect(envFiles, env, System::getenv)));
    if (workdir != null) {
      config.put("WorkingDir", workdir);
    }
    config.set("Cmd", Json.mapper().valueToTree(command));
    return config;
  }

  private static int exitCode(DaemonClient client, String execId) throws InterruptedException {
    JsonNode inspect = client.get("/exec/" + execId + "/json");
    for (int i = 0; i < EXIT_CODE_POLLS && inspect.path("Running").asBoolean(); i++) {
      Thread.sleep(EXIT_CODE_POLL_MS);
      inspect = client.get("/exec/" + execId + "/json");
    }
    return inspect.path("ExitCode").asInt(0);
  }
}
