package dev.edge.cli.image;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edge.cli.UserException;
import dev.edge.cli.client.DaemonClient;
import dev.edge.cli.support.ApiCommand;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code edge login}: checks credentials against a registry and lets the daemon keep them, since
 * the daemon is what pulls and pushes.
 */
@Command(name = "login", mixinStandardHelpOptions = true,
    description = "Log in to a registry (default: Docker Hub)")
public final class LoginCommand extends ApiCommand {
  static final String DOCKER_HUB = "https://index.docker.io/v1/";

  @Parameters(arity = "0..1", paramLabel = "SERVER", description = "Registry host")
  String server;

  @Option(names = {"-u", "--username"}, paramLabel = "USER") String username;

  @Option(names = {"-p", "--password"}, paramLabel = "PASSWORD",
      description = "Password (visible to other users; prefer --password-stdin)")
  String password;

  @Option(names = "--password-stdin", description = "Take the password from stdin")
  boolean passwordStdin;

  @Override
  protected int run(DaemonClient client) throws IOException {
    Console console = System.console();
    if (passwordStdin) {
      if (password != null) {
        throw new UserException("--password and --password-stdin are mutually exclusive");
      }
      if (username == null) {
        throw new UserException("must provide --username with --password-stdin");
      }
      password = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
          .readLine();
    }
    if (username == null) {
      username = console == null ? null : console.readLine("Username: ");
    }
    if (password == null && console != null) {
      char[] typed = console.readPassword("Password: ");
      password = typed == null ? null : new String(typed);
    }
    if (username == null || username.isBlank() || password == null || password.isEmpty()) {
      throw new UserException("Error: username and password are required (not a terminal: use"
          + " -u USER --password-stdin)");
    }
    Map<String, String> body = new LinkedHashMap<>();
    body.put("username", username.trim());
    body.put("password", password);
    body.put("serveraddress", server == null ? DOCKER_HUB : server);
    JsonNode result = client.post("/auth", body);
    spec.commandLine().getOut().println(result.path("Status").asText("Login Succeeded"));
    return 0;
  }
}
