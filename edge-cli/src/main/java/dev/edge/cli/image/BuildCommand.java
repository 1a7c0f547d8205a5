package dev.edge.cli.image;

import dev.edge.cli.UserException;
import dev.edge.cli.client.DaemonClient;
import dev.edge.cli.support.ApiCommand;
import dev.edge.cli.support.ProgressRenderer;
import dev.edge.runtime.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code edge build}: builds an image from a Dockerfile, as {@code docker build}. */
@Command(name = "build", mixinStandardHelpOptions = true,
    description = "Build an image from a Dockerfile")
public final class BuildCommand extends ApiCommand {
  @Parameters(paramLabel = "CONTEXT", description = "The build context directory")
  Path context;

  @Option(names = {"-t", "--tag"}, paramLabel = "NAME[:TAG]",
      description = "Name and optionally a tag (repeatable)")
  List<String> tags = new ArrayList<>();

  @Option(names = {"-f", "--file"}, paramLabel = "FILE",
      description = "The Dockerfile (default: CONTEXT/Dockerfile)")
  Path file;

  @Option(names = "--build-arg", paramLabel = "KEY[=VALUE]",
      description = "A build-time variable; KEY alone takes the value from the environment")
  List<String> buildArgs = new ArrayList<>();

  @Option(names = "--target", paramLabel = "STAGE", description = "The stage to build")
  String target;

  @Option(names = "--no-cache", description = "Do not use the step cache")
  boolean noCache;

  @Option(names = "--pull", description = "Always pull the FROM images")
  boolean pull;

  @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]",
      description = "The platform of the FROM images")
  String platform;

  @Option(names = "--network", paramLabel = "MODE",
      description = "The RUN steps' network: host (default), none or bridge")
  String network;

  @Option(names = {"-q", "--quiet"}, description = "Print only the image id")
  boolean quiet;

  @Override
  protected int run(DaemonClient client) {
    Path root = context.toAbsolutePath().normalize();
    if (!Files.isDirectory(root)) {
      throw new UserException("build context " + context + ": not a directory");
    }
    String dockerfile = dockerfileInContext(root);
    Path tar;
    try {
      tar = Files.createTempFile("edge-build-context", ".tar");
      try (java.io.OutputStream out = Files.newOutputStream(tar)) {
        new ContextTar(root, dockerfile).write(out);
      }
    } catch (IOException e) {
      throw new UserException("reading the build context " + root + ": " + e.getMessage());
    }
    try {
      return send(client, tar, dockerfile);
    } finally {
      try {
        Files.deleteIfExists(tar);
      } catch (IOException e) {
        // a leftover temporary tar is harmless
      }
    }
  }

  private int send(DaemonClient client, Path tar, String dockerfile) {
    if (!quiet) {
      try {
        spec.commandLine().getErr().printf("Sending build context to edge daemon  %.3fkB%n",
            Files.size(tar) / 1000.0);
      } catch (IOException e) {
        // only the size display
      }
    }
    StringBuilder path = new StringBuilder("/build?dockerfile=").append(Names.q(dockerfile));
    for (String t : tags) {
      path.append("&t=").append(Names.q(t));
    }
    appendJson(path, "buildargs", buildArgs());
    if (target != null) {
      path.append("&target=").append(Names.q(target));
    }
    if (noCache) {
      path.append("&nocache=1");
    }
    if (pull) {
      path.append("&pull=1");
    }
    if (platform != null) {
      path.append("&platform=").append(Names.q(platform));
    }
    if (network != null) {
      path.append("&networkmode=").append(Names.q(network));
    }
    ProgressRenderer progress = new ProgressRenderer(spec.commandLine().getOut(), false);
    String[] id = {null};
    try (java.io.InputStream body = Files.newInputStream(tar)) {
      // Unlinked once open: a client killed mid-build (Ctrl-C) leaves no context behind.
      Files.deleteIfExists(tar);
      client.upload("POST", path.toString(), "application/x-tar", body, message -> {
        if (message.has("aux") && message.get("aux").has("ID")) {
          id[0] = message.get("aux").get("ID").asText();
        } else if (!quiet || message.has("error")) {
          progress.accept(message);
        }
      });
    } catch (IOException e) {
      throw new UserException("reading the build context " + tar + ": " + e.getMessage());
    }
    if (progress.error() != null) {
      throw new UserException(progress.error());
    }
    if (quiet && id[0] != null) {
      spec.commandLine().getOut().println(id[0]);
    }
    return 0;
  }

  private String dockerfileInContext(Path root) {
    if (file == null) {
      return "Dockerfile";
    }
    Path absolute = file.toAbsolutePath().normalize();
    if (!absolute.startsWith(root)) {
      throw new UserException("the Dockerfile " + file + " must be inside the build context "
          + root);
    }
    if (!Files.isRegularFile(absolute)) {
      throw new UserException("Cannot locate specified Dockerfile: " + file);
    }
    return root.relativize(absolute).toString();
  }

  private Map<String, String> buildArgs() {
    Map<String, String> out = new LinkedHashMap<>();
    for (String arg : buildArgs) {
      int eq = arg.indexOf('=');
      if (eq < 0) {
        String value = System.getenv(arg);
        if (value != null) {
          out.put(arg, value);
        }
      } else {
        out.put(arg.substring(0, eq), arg.substring(eq + 1));
      }
    }
    return out;
  }

  private static void appendJson(StringBuilder path, String name, Map<String, String> map) {
    if (map.isEmpty()) {
      return;
    }
    try {
      path.append('&').append(name).append('=')
          .append(Names.q(Json.mapper().writeValueAsString(map)));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
