package dev.edge.cli.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import dev.edge.runtime.json.Json;

/**
 * JSON laid out as {@code docker inspect} prints it (Go's json.Indent with four spaces):
 * {@code "Key": value}, one member a line, empty arrays and objects as {@code []} and {@code {}}.
 */
public final class IndentedJson {
  private static final DefaultIndenter FOUR_SPACES = new DefaultIndenter("    ", "\n");

  private IndentedJson() {}

  public static String format(JsonNode value) {
    DefaultPrettyPrinter printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
        .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
        .withObjectEmptySeparator("")
        .withArrayEmptySeparator(""))
        .withObjectIndenter(FOUR_SPACES)
        .withArrayIndenter(FOUR_SPACES);
    try {
      return Json.mapper().writer(printer).writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
