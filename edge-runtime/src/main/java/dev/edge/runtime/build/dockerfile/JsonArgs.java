package dev.edge.runtime.build.dockerfile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/** Docker's exec form: arguments that are a JSON array of strings. */
final class JsonArgs {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonArgs() {}

  /**
   * The strings of a JSON array; null when {@code text} is not a JSON array at all (Docker then
   * takes the shell form).
   *
   * @throws InstructionException for a valid JSON array holding something other than strings
   */
  static List<String> parse(String text) throws InstructionException {
    String trimmed = text.trim();
    if (!trimmed.startsWith("[")) {
      return null;
    }
    JsonNode node;
    try {
      node = JSON.readTree(trimmed);
    } catch (JsonProcessingException e) {
      return null;
    }
    if (node == null || !node.isArray()) {
      return null;
    }
    List<String> out = new ArrayList<>();
    for (JsonNode element : node) {
      if (!element.isTextual()) {
        throw new InstructionException("JSON array must hold only strings, not " + element);
      }
      out.add(element.textValue());
    }
    return out;
  }

  /** Why {@code text} is not a JSON string array, for the instructions that need one. */
  static String problem(String text) {
    try {
      JSON.readTree(text.trim());
      return "not a JSON array";
    } catch (JsonProcessingException e) {
      return e.getOriginalMessage();
    }
  }
}
