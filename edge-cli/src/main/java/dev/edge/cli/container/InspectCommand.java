package dev.edge.cli.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.edge.cli.client.DaemonClient;
import dev.edge.cli.client.DaemonException;
import dev.edge.cli.support.ApiCommand;
import dev.edge.cli.support.FormatOption;
import dev.edge.cli.support.IndentedJson;
import dev.edge.cli.support.Query;
import dev.edge.runtime.json.Json;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code edge inspect}: the daemon's full record of containers, or of images where no container
 * has the name, as a JSON array (or a template per object). Under {@code edge container} only
 * containers are looked up.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
    description = "Return low-level information on containers or images",
    exitCodeOnInvalidInput = ExitCodes.DAEMON_ERROR)
public final class InspectCommand extends ApiCommand {
  private static final int NOT_FOUND = 404;

  @Parameters(arity = "1..*", paramLabel = "NAME|ID") List<String> names;

  @Option(names = "--type", paramLabel = "TYPE", description = "Only this type: container, image")
  String type;

  @Option(names = {"-s", "--size"}, description = "Display total file sizes (containers)")
  boolean size;

  @Mixin FormatOption format;

  @Override
  protected int run(DaemonClient client) {
    String only = spec.parent() != null && spec.parent().userObject() instanceof ContainerCommand
        ? "container" : type;
    if (only != null && !only.equals("container") && !only.equals("image")) {
      throw new BadFlagException("--type", only, "edge can inspect a container or an image");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ArrayNode found = Json.mapper().createArrayNode();
    boolean missing = false;
    for (String name : names) {
      JsonNode object = lookup(client, name, only);
      if (object == null) {
        err.println("Error: No such " + (only == null ? "object" : only) + ": " + name);
        missing = true;
      } else if (format.isTable() || format.isJson()) {
        found.add(object);
      } else {
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = Json.mapper().convertValue(object, Map.class);
        format.printRow(out, fields);
      }
    }
    if (format.isTable() || format.isJson()) {
      out.println(IndentedJson.format(found));
    }
    err.flush();
    return missing ? 1 : 0;
  }

  /** The container, else (unless restricted) the image, else null. */
  private JsonNode lookup(DaemonClient client, String name, String only) {
    if (only == null || only.equals("container")) {
      try {
        return client.get("/containers/" + Query.path(name) + "/json" + (size ? "?size=1" : ""));
      } catch (DaemonException e) {
        if (e.status() != NOT_FOUND) {
          throw e;
        }
      }
    }
    if (only == null || only.equals("image")) {
      try {
        return client.get("/images/" + Query.path(name) + "/json");
      } catch (DaemonException e) {
        if (e.status() != NOT_FOUND) {
          throw e;
        }
      }
    }
    return null;
  }
}
