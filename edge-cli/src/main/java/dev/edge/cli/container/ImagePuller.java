package dev.edge.cli.container;

import dev.edge.cli.UserException;
import dev.edge.cli.client.DaemonClient;
import dev.edge.cli.support.ProgressRenderer;
import dev.edge.cli.support.Query;
import dev.edge.runtime.image.Reference;
import java.io.PrintWriter;

/**
 * The pull {@code run} and {@code create} do for an image the daemon does not have: the same
 * request and progress rendering as {@code edge pull}, written to stderr as docker does.
 */
final class ImagePuller {
  private ImagePuller() {}

  static void pull(DaemonClient client, Reference image, String platform, PrintWriter err,
      boolean quiet) {
    String path = "/images/create?fromImage=" + Query.encode(image.familiarName()) + "&tag="
        + Query.encode(image.tagOrDigest())
        + (platform == null ? "" : "&platform=" + Query.encode(platform));
    ProgressRenderer progress = new ProgressRenderer(err, ProgressRenderer.isTerminal());
    client.stream("POST", path, null, new Renderer(progress, quiet));
    err.flush();
    if (progress.error() != null) {
      throw new UserException(progress.error(), ExitCodes.DAEMON_ERROR);
    }
  }

  /** Shows every message, or only errors when quiet. */
  private static final class Renderer implements java.util.function.Consumer<
      com.fasterxml.jackson.databind.JsonNode> {
    private final ProgressRenderer progress;
    private final boolean quiet;

    Renderer(ProgressRenderer progress, boolean quiet) {
      this.progress = progress;
      this.quiet = quiet;
    }

    @Override
    public void accept(com.fasterxml.jackson.databind.JsonNode message) {
      if (!quiet || message.hasNonNull("error") || message.hasNonNull("errorDetail")) {
        progress.accept(message);
      }
    }
  }
}
