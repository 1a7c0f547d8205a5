package dev.edge.agent.firmware;

import com.fasterxml.jackson.core.JsonToken;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML value with the line it starts on, so an error in a descriptor can name the line. Jackson's own
 * {@code JsonNode} forgets where a value came from; {@link YamlReader} keeps it.
 */
sealed interface YamlNode permits YamlNode.Mapping, YamlNode.Sequence, YamlNode.Scalar {

  /** The 1-based line the value starts on. */
  int line();

  /** What the value is, as a reader would call it: "a mapping", "a list", "a string", ... */
  String kind();

  /** A mapping: keys in file order, each with the line of the key. */
  record Mapping(int line, Map<String, Entry> entries) implements YamlNode {
    public Mapping {
      entries = new LinkedHashMap<>(entries);
    }

    @Override
    public String kind() {
      return "a mapping";
    }
  }

  /** One key of a mapping and its value. */
  record Entry(String key, int keyLine, YamlNode value) {}

  /** A list. */
  record Sequence(int line, List<YamlNode> items) implements YamlNode {
    public Sequence {
      items = List.copyOf(items);
    }

    @Override
    public String kind() {
      return "a list";
    }
  }

  /**
   * A scalar as the YAML parser typed it: a quoted value is always a string, an unquoted one may be a
   * number, a boolean or null.
   */
  record Scalar(int line, JsonToken token, String text) implements YamlNode {
    boolean isString() {
      return token == JsonToken.VALUE_STRING;
    }

    boolean isInteger() {
      return token == JsonToken.VALUE_NUMBER_INT;
    }

    @Override
    public String kind() {
      return switch (token) {
        case VALUE_STRING -> "a string";
        case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
        case VALUE_TRUE, VALUE_FALSE -> "a boolean";
        case VALUE_NULL -> "empty";
        default -> "a " + token;
      };
    }
  }
}
