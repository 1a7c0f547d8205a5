package dev.edge.cli.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.edge.runtime.json.Json;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * {@code --format}: {@code table} (the default), {@code json} (one JSON object per line, as the
 * docker CLI prints), or a docker-style template such as {@code '{{.ID}} {{.Names}}'}.
 */
public final class FormatOption {
  private static final Pattern FIELD =
      Pattern.compile("\\{\\{\\s*(json\\s+)?\\.((?:\\w+(?:\\.\\w+)*)?)\\s*}}");

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
      Object value = m.group(2).isEmpty() ? row : field(row, m.group(2));
      String text = m.group(1) != null || value instanceof Map ? toJson(value) : text(value);
      m.appendReplacement(line, Matcher.quoteReplacement(text));
    }
    m.appendTail(line);
    out.println(line);
  }

  /** {@code A.B.C}: field A, then B inside it, as Go templates walk nested values. */
  private static Object field(Map<String, ?> row, String path) {
    Object value = row;
    for (String name : path.split("\\.")) {
      if (!(value instanceof Map<?, ?> map) || !map.containsKey(name)) {
        String fields = value instanceof Map<?, ?> map ? String.join(", ",
            map.keySet().stream().map(String::valueOf).toList()) : "none: it is a value";
        throw new IllegalArgumentException("template: no field " + path + " (fields at "
            + name + ": " + fields + ")");
      }
      value = map.get(name);
    }
    return value;
  }

  /** A value as Go's template prints it: lists as [a b]. */
  private static String text(Object value) {
    if (value instanceof List<?> list) {
      StringBuilder s = new StringBuilder("[");
      for (Object item : list) {
        s.append(s.length() > 1 ? " " : "").append(text(item));
      }
      return s.append(']').toString();
    }
    return String.valueOf(value);
  }

  private static String toJson(Object value) {
    try {
      return Json.mapper().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
