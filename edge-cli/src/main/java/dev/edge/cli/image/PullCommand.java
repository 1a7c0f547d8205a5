package dev.edge.cli.image;

import dev.edge.cli.UserException;
import dev.edge.cli.client.DaemonClient;
import dev.edge.cli.support.ApiCommand;
import dev.edge.cli.support.ProgressRenderer;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code edge pull}: downloads an image from a registry, as {@code docker pull}. */
@Command(name = "pull", mixinStandardHelpOptions = true,
    description = "Download an image from a registry")
public final class PullCommand extends ApiCommand {
  @Parameters(paramLabel = "NAME[:TAG|@DIGEST]", description = "Image to pull")
  String image;

  @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]",
      description = "Platform to pull when the image has several (default: this machine's)")
  String platform;

  @Option(names = {"-q", "--quiet"}, description = "Suppress verbose output")
  boolean quiet;

  @Override
  protected int run(DaemonClient client) {
    PrintWriter out = spec.commandLine().getOut();
    String[] nameAndTag = Names.splitTag(image);
    String tag = nameAndTag[1];
    if (tag.isEmpty()) {
      tag = "latest";
      if (!quiet) {
        out.println("Using default tag: latest");
      }
    }
    String path = "/images/create?fromImage=" + Names.q(nameAndTag[0]) + "&tag=" + Names.q(tag)
        + (platform == null ? "" : "&platform=" + Names.q(platform));
    ProgressRenderer progress = new ProgressRenderer(out, ProgressRenderer.isTerminal());
    String[] lastRef = {null};
    client.stream("POST", path, null, message -> {
      if (!quiet) {
        progress.accept(message);
      } else if (message.hasNonNull("error") || message.hasNonNull("errorDetail")) {
        progress.accept(message);
      }
    });
    if (progress.error() != null) {
      throw new UserException(progress.error());
    }
    out.println(canonical(nameAndTag[0], tag, image.contains("@")));
    return 0;
  }

  /** The fully qualified name Docker prints last: docker.io/library/busybox:latest. */
  private static String canonical(String name, String tagOrDigest, boolean digest) {
    try {
      return dev.edge.runtime.image.Reference.parse(name + (digest ? "@" : ":") + tagOrDigest)
          .toString();
    } catch (IllegalArgumentException e) {
      return name + (digest ? "@" : ":") + tagOrDigest;
    }
  }
}
