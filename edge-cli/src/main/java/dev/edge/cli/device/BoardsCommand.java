package dev.edge.cli.device;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edge.cli.client.DaemonClient;
import dev.edge.cli.support.ApiCommand;
import dev.edge.cli.support.FormatOption;
import dev.edge.cli.support.Table;
import dev.edge.runtime.json.Json;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code edge boards}: the serial ports the daemon sees, from {@code GET /edge/v1/boards}. The daemon owns the
 * ports, so the CLI asks it rather than reading sysfs itself.
 */
@Command(name = "boards", mixinStandardHelpOptions = true,
    description = "List serial ports and the ESP boards behind them")
public final class BoardsCommand extends ApiCommand {
  static final String PATH = "/edge/v1/boards";
  /** Fields every row has, so templates such as '{{.Chip}}' work before a probe has filled them. */
  private static final List<String> ROW_FIELDS = List.of("Id", "Port", "ById", "VidPid", "Bridge", "Chip", "Mac");
  private static final String NONE = "-";

  @Mixin FormatOption format;

  @Option(names = "--probe", description = "Connect to each likely ESP board (ROM loader) and report its chip,"
      + " MAC and flash size; this resets the boards")
  boolean probe;

  @Override
  protected int run(DaemonClient client) {
    JsonNode boards = client.get(PATH);
    if (probe) {
      boards = BoardProbes.probeAll(client, boards, spec.commandLine().getErr());
    }
    PrintWriter out = spec.commandLine().getOut();
    if (!format.isTable()) {
      boards.forEach(b -> format.printRow(out, row(b)));
      return 0;
    }
    table(boards, probe).print(out);
    return 0;
  }

  static Table table(JsonNode boards) {
    return table(boards, false);
  }

  /** With {@code flash}, a FLASH column shows the size a probe found. */
  static Table table(JsonNode boards, boolean flash) {
    Table table = flash ? new Table("PORT", "BY-ID", "VID:PID", "BRIDGE", "CHIP", "MAC", "FLASH")
        : new Table("PORT", "BY-ID", "VID:PID", "BRIDGE", "CHIP", "MAC");
    for (JsonNode b : boards) {
      if (flash) {
        table.row(text(b, "Port"), text(b, "ById"), text(b, "VidPid"), text(b, "Bridge"), text(b, "Chip"),
            text(b, "Mac"), b.has("FlashSize") ? BoardProbes.size(b.path("FlashSize").asLong()) : NONE);
      } else {
        table.row(text(b, "Port"), text(b, "ById"), text(b, "VidPid"), text(b, "Bridge"), text(b, "Chip"),
            text(b, "Mac"));
      }
    }
    return table;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> row(JsonNode board) {
    Map<String, Object> row = new LinkedHashMap<>();
    ROW_FIELDS.forEach(f -> row.put(f, null));
    row.putAll(Json.mapper().convertValue(board, Map.class));
    return row;
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.path(field);
    return v.isMissingNode() || v.isNull() || v.asText().isEmpty() ? NONE : v.asText();
  }
}
