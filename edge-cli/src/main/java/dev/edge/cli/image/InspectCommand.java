package dev.edge.cli.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.edge.cli.client.DaemonClient;
import dev.edge.cli.support.ApiCommand;
import dev.edge.cli.support.FormatOption;
import dev.edge.runtime.json.Json;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code edge image inspect}: the daemon's full record of images, as a JSON array. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
    description = "Display detailed information on one or more images")
public final class InspectCommand extends ApiCommand {
  @Parameters(arity = "1..*", paramLabel = "IMAGE") List<String> images;

  @Mixin FormatOption format;

  @Override
  protected int run(DaemonClient client) throws Exception {
    ArrayNode all = Json.mapper().createArrayNode();
    for (String image : images) {
      JsonNode one = client.get("/images/" + image + "/json");
      if (format.isTable() || format.isJson()) {
        all.add(one);
      } else {
        @SuppressWarnings("unchecked")
        Map<String, Object> row = Json.mapper().convertValue(one, Map.class);
        format.printRow(spec.commandLine().getOut(), row);
      }
    }
    if (format.isTable() || format.isJson()) {
      spec.commandLine().getOut().println(Json.mapper().copy()
          .enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(all));
    }
    return 0;
  }
}
