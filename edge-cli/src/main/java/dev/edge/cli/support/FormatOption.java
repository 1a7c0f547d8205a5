package dev.edge.cli.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.edge.runtime.json.Json;
import java.io.PrintWriter;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * {@code --format}: {@code table} (the default), {@code json} (one JSON object per line, as the
 * docker CLI prints), or a docker-style template such as {@code '{{.ID}} {{.Names}}'}.
 */
public final class FormatOption {
  private static final Pattern FIELD = Pattern.compile("\\{\\{\\s*(json\\s+)?\\.(\\w*)\\s*}}");

  @Option(names = "--format", paramLabel = "FORMAT",
      description = "Output format: table (default), json, or a template like '{{.ID}}'")
  String format = "table";

  public boolean isTable() {
    return format.equals("table");
  }

  public boolean isJson() {
    return format.equals("json");
  }

  /** Prints one row in the requested non-table form: a JSON line, or the template filled in. */
  public void printRow(PrintWriter out, Map<String, ?> row) {
    if (isJson()) {
      out.println(toJson(row));
      return;
    }
    String template = format.startsWith("table ") ? format.substring(6) : format;
    Matcher m = FIELD.matcher(template.replace("\\t", "\t").replace("\\n", "\n"));
    StringBuilder line = new StringBuilder();
    while (m.find()) {
      Object value = m.group(2).isEmpty() ? row : row.get(m.group(2));
      if (!m.group(2).isEmpty() && !row.containsKey(m.group(2))) {
        throw new IllegalArgumentException("template: no field " + m.group(2) + " (fields: "
            + String.join(", ", row.keySet()) + ")");
      }
      String text = m.group(1) != null || value instanceof Map ? toJson(value)
          : String.valueOf(value);
      m.appendReplacement(line, Matcher.quoteReplacement(text));
    }
    m.appendTail(line);
    out.println(line);
  }

  private static String toJson(Object value) {
    try {
      return Json.mapper().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
