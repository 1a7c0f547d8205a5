package dev.edge.cli.image;

import dev.edge.cli.UserException;
import dev.edge.cli.client.DaemonClient;
import dev.edge.cli.support.ApiCommand;
import dev.edge.cli.support.ProgressRenderer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code edge push}: uploads an image to its registry, as {@code docker push}. */
@Command(name = "push", mixinStandardHelpOptions = true,
    description = "Upload an image to a registry")
public final class PushCommand extends ApiCommand {
  @Parameters(paramLabel = "NAME[:TAG]", description = "Image to push")
  String image;

  @Option(names = {"-a", "--all-tags"}, description = "Push all tags of the repository")
  boolean allTags;

  @Option(names = {"-q", "--quiet"}, description = "Suppress verbose output")
  boolean quiet;

  @Override
  protected int run(DaemonClient client) {
    String[] nameAndTag = Names.splitTag(image);
    if (allTags && !nameAndTag[1].isEmpty()) {
      throw new UserException("tag can't be used with --all-tags/-a");
    }
    String tag = allTags ? "" : nameAndTag[1].isEmpty() ? "latest" : nameAndTag[1];
    ProgressRenderer progress = new ProgressRenderer(spec.commandLine().getOut(),
        ProgressRenderer.isTerminal());
    client.stream("POST", "/images/" + nameAndTag[0] + "/push?tag=" + Names.q(tag), null,
        message -> {
          if (!quiet || message.has("error") || message.has("errorDetail")) {
            progress.accept(message);
          }
        });
    if (progress.error() != null) {
      throw new UserException(progress.error());
    }
    if (quiet) {
      spec.commandLine().getOut().println(image);
    }
    return 0;
  }
}
