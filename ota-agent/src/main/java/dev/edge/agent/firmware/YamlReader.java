package dev.edge.agent.firmware;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one YAML document into {@link YamlNode}s that remember their lines. Duplicate keys and a second
 * document are errors, as is anything SnakeYAML cannot parse; all name the line.
 */
final class YamlReader {
  private static final YAMLFactory FACTORY = new YAMLFactory();

  private final String file;

  private YamlReader(String file) {
    this.file = file;
  }

  /** @param file how errors name the file */
  static YamlNode read(byte[] yaml, String file) throws DescriptorException {
    YamlReader reader = new YamlReader(file);
    try (JsonParser parser = FACTORY.createParser(yaml)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new DescriptorException(file, 1, "the file is empty");
      }
      YamlNode root = reader.value(parser);
      if (parser.nextToken() != null) {
        throw new DescriptorException(file, line(parser.currentTokenLocation()),
            "a second YAML document; the descriptor is one document");
      }
      return root;
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new DescriptorException(file, at == null ? 0 : line(at), "not valid YAML: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new DescriptorException(file, 0, "cannot read it: " + e.getMessage());
    }
  }

  private YamlNode value(JsonParser p) throws IOException, DescriptorException {
    int line = line(p.currentTokenLocation());
    JsonToken token = p.currentToken();
    switch (token) {
      case START_OBJECT -> {
        Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          int keyLine = line(p.currentTokenLocation());
          if (entries.containsKey(key)) {
            throw new DescriptorException(file, keyLine, "key '" + key + "' appears twice (first on line "
                + entries.get(key).keyLine() + ")");
          }
          p.nextToken();
          entries.put(key, new YamlNode.Entry(key, keyLine, value(p)));
        }
        return new YamlNode.Mapping(line, entries);
      }
      case START_ARRAY -> {
        List<YamlNode> items = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          items.add(value(p));
        }
        return new YamlNode.Sequence(line, items);
      }
      default -> {
        return new YamlNode.Scalar(line, token, token == JsonToken.VALUE_NULL ? null : p.getText());
      }
    }
  }

  private static int line(JsonLocation location) {
    return location == null ? 0 : location.getLineNr();
  }
}
