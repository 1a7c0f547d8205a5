package dev.edge.cli.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edge.cli.client.DaemonClient;
import dev.edge.cli.support.ApiCommand;
import dev.edge.cli.support.FormatOption;
import dev.edge.cli.support.Table;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code edge system df}: disk use by images, containers, volumes and build cache. */
@Command(name = "df", mixinStandardHelpOptions = true, description = "Show edge disk usage")
public final class DfCommand extends ApiCommand {
  @Mixin FormatOption format;

  @Override
  protected int run(DaemonClient client) {
    JsonNode df = client.get("/system/df");
    PrintWriter out = spec.commandLine().getOut();
    List<Map<String, Object>> rows = List.of(
        row("Images", df.path("Images"), df.path("LayersSize").asLong(), "Containers"),
        row("Containers", df.path("Containers"), -1, "State"),
        row("Local Volumes", df.path("Volumes"), -1, "UsageData"),
        row("Build Cache", df.path("BuildCache"), -1, "InUse"));
    if (!format.isTable()) {
      rows.forEach(r -> format.printRow(out, r));
      return 0;
    }
    Table table = new Table("TYPE", "TOTAL", "ACTIVE", "SIZE", "RECLAIMABLE");
    rows.forEach(r -> table.row((String) r.get("Type"), r.get("TotalCount").toString(),
        r.get("Active").toString(), (String) r.get("Size"), (String) r.get("Reclaimable")));
    table.print(out);
    return 0;
  }

  private static Map<String, Object> row(String type, JsonNode items, long totalSize,
      String activeField) {
    int total = items.size();
    int active = 0;
    long size = 0;
    long reclaimable = 0;
    for (JsonNode item : items) {
      long itemSize = item.has("Size") ? item.path("Size").asLong()
          : item.path("SizeRw").asLong(item.path("UsageData").path("Size").asLong());
      boolean inUse = switch (activeField) {
        case "Containers" -> item.path("Containers").asLong() > 0;
        case "State" -> "running".equals(item.path("State").asText());
        case "UsageData" -> item.path("UsageData").path("RefCount").asLong() > 0;
        default -> item.path("InUse").asBoolean();
      };
      size += itemSize;
      if (inUse) {
        active++;
      } else {
        reclaimable += itemSize;
      }
    }
    if (totalSize >= 0) {
      size = totalSize;
    }
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("Type", type);
    row.put("TotalCount", total);
    row.put("Active", active);
    row.put("Size", Units.size(size));
    row.put("Reclaimable", Units.size(reclaimable) + (size > 0
        ? String.format(" (%d%%)", reclaimable * 100 / size) : ""));
    return row;
  }
}
