package dev.edge.runtime.network;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edge.runtime.json.Json;
import java.io.IOException;
import java.util.Optional;

/** The error a CNI plugin prints when it fails: {@code {"code": N, "msg": …, "details": …}}. */
record CniError(int code, String msg, String details) {

  /** The error in a plugin's output, or empty when the output is not a CNI error object. */
  static Optional<CniError> parse(byte[] output) {
    JsonNode node;
    try {
      node = Json.mapper().readTree(output);
    } catch (IOException e) {
      return Optional.empty();
    }
    if (node == null || !node.isObject() || !node.path("code").canConvertToInt()) {
      return Optional.empty();
    }
    String msg = node.path("msg").asText("");
    String details = node.path("details").asText("");
    return Optional.of(new CniError(node.path("code").asInt(), msg, details));
  }

  /** The message, its details and what the code means, e.g. for an exception's reason. */
  String describe() {
    StringBuilder text = new StringBuilder(msg.isEmpty() ? "no message" : msg);
    if (!details.isEmpty()) {
      text.append(": ").append(details);
    }
    text.append(" (CNI error ").append(code);
    String meaning = meaning(code);
    if (meaning != null) {
      text.append(": ").append(meaning);
    }
    return text.append(')').toString();
  }

  /** The spec's well-known error codes; 100 and up belong to the plugin. */
  static String meaning(int code) {
    switch (code) {
      case 1:
        return "incompatible CNI version";
      case 2:
        return "unsupported field in network configuration";
      case 3:
        return "container unknown or does not exist";
      case 4:
        return "invalid necessary environment variables";
      case 5:
        return "I/O failure";
      case 6:
        return "failed to decode content";
      case 7:
        return "invalid network config";
      case 11:
        return "try again later";
      default:
        return null;
    }
  }
}
