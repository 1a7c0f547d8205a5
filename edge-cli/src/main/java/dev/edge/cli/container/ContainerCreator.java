package dev.edge.cli.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edge.cli.client.DaemonClient;
import dev.edge.cli.client.DaemonException;
import dev.edge.cli.support.Query;
import dev.edge.runtime.image.Reference;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * {@code POST /containers/create} as {@code docker run} and {@code docker create} do it: an image
 * the daemon does not have is pulled (unless {@code --pull never}) and the create tried again;
 * the daemon's warnings go to stderr.
 */
final class ContainerCreator {
  private static final int NOT_FOUND = 404;

  private ContainerCreator() {}

  /** Returns the new container's full ID. */
  static String create(DaemonClient client, CreateOptions options, ObjectNode body,
      PrintWriter err) {
    String imageName = body.get("Image").asText();
    Reference image = Reference.parse(imageName);
    String pull = options.pullPolicy();
    String path = "/containers/create" + query(options);
    if (pull.equals("always")) {
      ImagePuller.pull(client, image, options.platform(), err, options.quiet());
    }
    JsonNode created;
    try {
      created = client.post(path, body);
    } catch (DaemonException e) {
      if (e.status() != NOT_FOUND || pull.equals("never") || !isMissingImage(e.getMessage())) {
        throw e;
      }
      err.println("Unable to find image '" + image.familiar() + "' locally");
      err.flush();
      ImagePuller.pull(client, image, options.platform(), err, options.quiet());
      created = client.post(path, body);
    }
    for (JsonNode warning : created.path("Warnings")) {
      err.println("WARNING: " + warning.asText());
    }
    err.flush();
    return created.path("Id").asText();
  }

  private static boolean isMissingImage(String message) {
    return message.toLowerCase(Locale.ROOT).contains("image");
  }

  private static String query(CreateOptions options) {
    StringBuilder q = new StringBuilder();
    String name = options.name();
    if (name != null) {
      q.append("&name=").append(Query.encode(name));
    }
    if (options.platform() != null) {
      q.append("&platform=").append(Query.encode(options.platform()));
    }
    return q.length() == 0 ? "" : "?" + q.substring(1);
  }
}
