package dev.edge.cli.image;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edge.cli.client.DaemonClient;
import dev.edge.cli.support.ApiCommand;
import dev.edge.cli.support.FormatOption;
import dev.edge.cli.support.Table;
import dev.edge.cli.system.Units;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code edge images}: the images the daemon holds, with docker's columns. */
@Command(name = "images", aliases = "ls", mixinStandardHelpOptions = true,
    description = "List images")
public final class ImagesCommand extends ApiCommand {
  @Parameters(arity = "0..1", paramLabel = "REPOSITORY[:TAG]", description = "Only these")
  String reference;

  @Option(names = {"-a", "--all"}, description = "Show all images (default hides intermediate)")
  boolean all;

  @Option(names = {"-q", "--quiet"}, description = "Only show image IDs")
  boolean quiet;

  @Option(names = "--digests", description = "Show digests")
  boolean digests;

  @Option(names = "--no-trunc", description = "Don't truncate output")
  boolean noTrunc;

  @Mixin FormatOption format;

  @Override
  protected int run(DaemonClient client) {
    String filters = reference == null ? "" : "&filters="
        + Names.q("{\"reference\":{\"" + reference.replace("\"", "") + "\":true}}");
    JsonNode images = client.get("/images/json?all=" + (all ? 1 : 0) + filters);
    PrintWriter out = spec.commandLine().getOut();
    List<Map<String, Object>> rows = rows(images);
    if (quiet) {
      Set<String> seen = new LinkedHashSet<>();
      rows.forEach(r -> seen.add((String) r.get("ID")));
      seen.forEach(out::println);
    } else if (!format.isTable()) {
      rows.forEach(r -> format.printRow(out, r));
    } else {
      Table table = digests
          ? new Table("REPOSITORY", "TAG", "DIGEST", "IMAGE ID", "CREATED", "SIZE")
          : new Table("REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE");
      for (Map<String, Object> r : rows) {
        if (digests) {
          table.row((String) r.get("Repository"), (String) r.get("Tag"), (String) r.get("Digest"),
              (String) r.get("ID"), (String) r.get("CreatedSince"), (String) r.get("Size"));
        } else {
          table.row((String) r.get("Repository"), (String) r.get("Tag"), (String) r.get("ID"),
              (String) r.get("CreatedSince"), (String) r.get("Size"));
        }
      }
      table.print(out);
    }
    return 0;
  }

  /** One row per repo tag (or one <none> row), as docker lists them. */
  private List<Map<String, Object>> rows(JsonNode images) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (JsonNode image : images) {
      String id = image.path("Id").asText();
      String shownId = noTrunc ? id : id.replaceFirst("^sha256:", "").substring(0,
          Math.min(12, id.replaceFirst("^sha256:", "").length()));
      String digest = image.path("RepoDigests").size() > 0
          ? image.path("RepoDigests").get(0).asText().replaceFirst("^.*@", "") : "<none>";
      List<String[]> names = new ArrayList<>();
      image.path("RepoTags").forEach(t -> names.add(Names.splitTag(t.asText())));
      if (names.isEmpty()) {
        names.add(new String[] {"<none>", "<none>"});
      }
      for (String[] name : names) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("Repository", name[0]);
        row.put("Tag", name[1]);
        row.put("Digest", digest);
        row.put("ID", shownId);
        row.put("CreatedSince", Units.ago(image.path("Created").asLong()));
        row.put("CreatedAt", java.time.Instant.ofEpochSecond(image.path("Created").asLong())
            .toString());
        row.put("Size", Units.size(image.path("Size").asLong()));
        rows.add(row);
      }
    }
    return rows;
  }
}
