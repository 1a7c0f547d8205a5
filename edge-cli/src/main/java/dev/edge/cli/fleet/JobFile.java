package dev.edge.cli.fleet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edge.agent.fleet.FleetTopics;
import dev.edge.cli.UserException;
import dev.edge.runtime.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * The job an operator writes: {@code jobId}, {@code type} and the type's fields. The envelope fields are the
 * send command's to fill in, so a file that sets them is refused rather than silently overwritten.
 */
final class JobFile {
  /** What {@link dev.edge.agent.fleet.JobDocuments#complete} adds. */
  static final List<String> RESERVED = List.of("gateway", "issuedAt", "expiresAt", "seq");

  private JobFile() {}

  /** Reads {@code name} ({@code -} for {@code stdin}). */
  static ObjectNode read(String name, InputStream stdin) {
    boolean fromStdin = name.equals("-");
    String label = fromStdin ? "the job on stdin" : name;
    byte[] bytes;
    try {
      bytes = fromStdin ? stdin.readAllBytes() : Files.readAllBytes(Path.of(name));
    } catch (NoSuchFileException e) {
      throw new UserException(label + ": no such file", SendCommand.EXIT_USAGE);
    } catch (IOException e) {
      throw new UserException(label + ": " + e.getMessage(), SendCommand.EXIT_USAGE);
    }
    return parse(label, bytes);
  }

  /**
   * @throws UserException naming the field that is missing or wrong
   */
  static ObjectNode parse(String label, byte[] bytes) {
    JsonNode node;
    try {
      node = Json.mapper().readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new UserException(label + ": not JSON: " + e.getOriginalMessage(), SendCommand.EXIT_USAGE);
    } catch (IOException e) {
      throw new UserException(label + ": " + e.getMessage(), SendCommand.EXIT_USAGE);
    }
    if (node == null || !node.isObject()) {
      throw new UserException(label + ": a job is a JSON object with jobId, type and the type's fields",
          SendCommand.EXIT_USAGE);
    }
    JsonNode jobId = node.get("jobId");
    if (jobId == null || jobId.isNull()) {
      throw new UserException(label + ": no \"jobId\": give the job an id (1-64 letters, digits, '.', '_' or '-');"
          + " a gateway runs a job id once, so sending the same file again is safe", SendCommand.EXIT_USAGE);
    }
    if (!jobId.isTextual() || !FleetTopics.isJobId(jobId.asText())) {
      throw new UserException(label + ": jobId " + jobId + ": use 1-64 letters, digits, '.', '_' or '-', starting"
          + " with a letter or digit", SendCommand.EXIT_USAGE);
    }
    JsonNode type = node.get("type");
    if (type == null || !type.isTextual() || type.asText().isBlank()) {
      throw new UserException(label + ": no \"type\" (a string such as \"firmware.flash\")", SendCommand.EXIT_USAGE);
    }
    for (String field : RESERVED) {
      if (node.has(field)) {
        throw new UserException(label + ": \"" + field + "\" is set by `edge fleet job send` for each gateway;"
            + " remove it from the file", SendCommand.EXIT_USAGE);
      }
    }
    return (ObjectNode) node;
  }
}
