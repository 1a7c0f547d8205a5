package dev.edge.cli.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edge.cli.client.DaemonClient;
import dev.edge.cli.support.ApiCommand;
import dev.edge.cli.support.FormatOption;
import dev.edge.runtime.json.Json;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code edge events}: the daemon's event stream, as {@code docker events}. */
@Command(name = "events", mixinStandardHelpOptions = true,
    description = "Get real time events from the daemon")
public final class EventsCommand extends ApiCommand {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

  @Option(names = "--since", paramLabel = "TIME",
      description = "Show events since a timestamp (unix seconds, RFC 3339) or a duration (10m)")
  String since;

  @Option(names = "--until", paramLabel = "TIME", description = "Stream events until this time")
  String until;

  @Option(names = {"-f", "--filter"}, paramLabel = "KEY=VALUE",
      description = "Filter output (type=container, event=start, container=NAME, image=…, label=…)")
  List<String> filters = new ArrayList<>();

  @Mixin FormatOption format;

  @Override
  protected int run(DaemonClient client) {
    StringBuilder query = new StringBuilder();
    if (since != null) {
      query.append("&since=").append(toTimestamp(since));
    }
    if (until != null) {
      query.append("&until=").append(toTimestamp(until));
    }
    if (!filters.isEmpty()) {
      query.append("&filters=").append(URLEncoder.encode(filterJson(), StandardCharsets.UTF_8));
    }
    String path = "/events" + (query.length() == 0 ? "" : "?" + query.substring(1));
    PrintWriter out = spec.commandLine().getOut();
    client.stream("GET", path, null, event -> {
      if (format.isTable()) {
        out.println(describe(event));
      } else {
        format.printRow(out, Json.mapper().convertValue(event, Map.class));
      }
      out.flush();
    });
    return 0;
  }

  private String filterJson() {
    Map<String, Map<String, Boolean>> byKey = new LinkedHashMap<>();
    for (String f : filters) {
      int eq = f.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("bad format of filter (expected name=value): " + f);
      }
      byKey.computeIfAbsent(f.substring(0, eq), k -> new LinkedHashMap<>())
          .put(f.substring(eq + 1), true);
    }
    try {
      return Json.mapper().writeValueAsString(byKey);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Relative durations ("10m", "1h30m") count back from now, as in the docker CLI. */
  static String toTimestamp(String value) {
    if (value.matches("(\\d+[hms])+")) {
      Duration d = Duration.parse("PT" + value.toUpperCase());
      return String.valueOf(Instant.now().minus(d).getEpochSecond());
    }
    return value;
  }

  private static String describe(JsonNode e) {
    long nanos = e.path("timeNano").asLong();
    Instant t = Instant.ofEpochSecond(nanos / 1_000_000_000L, nanos % 1_000_000_000L);
    Map<String, String> attrs = new TreeMap<>();
    e.path("Actor").path("Attributes").fields()
        .forEachRemaining(f -> attrs.put(f.getKey(), f.getValue().asText()));
    StringBuilder line = new StringBuilder()
        .append(STAMP.format(t)).append(' ')
        .append(e.path("Type").asText()).append(' ')
        .append(e.path("Action").asText()).append(' ')
        .append(e.path("Actor").path("ID").asText());
    if (!attrs.isEmpty()) {
      line.append(" (");
      attrs.forEach((k, v) -> line.append(k).append('=').append(v).append(", "));
      line.setLength(line.length() - 2);
      line.append(')');
    }
    return line.toString();
  }
}
