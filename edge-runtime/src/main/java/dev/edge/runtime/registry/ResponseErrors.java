package dev.edge.runtime.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edge.runtime.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Turns an unwanted HTTP status into the matching RegistryException, in one place. */
final class ResponseErrors {
  /** Error bodies are small JSON; a registry sending more is not read further. */
  static final int MAX_ERROR_BODY = 64 * 1024;
  private static final int MAX_TEXT_REASON = 200;
  private static final Map<Integer, String> PHRASES = Map.ofEntries(
      Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"),
      Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"), Map.entry(409, "Conflict"),
      Map.entry(413, "Payload Too Large"), Map.entry(416, "Range Not Satisfiable"),
      Map.entry(429, "Too Many Requests"), Map.entry(500, "Internal Server Error"),
      Map.entry(502, "Bad Gateway"), Map.entry(503, "Service Unavailable"),
      Map.entry(504, "Gateway Timeout"));

  private ResponseErrors() {}

  static boolean isRetryable(int status) {
    return status == 429 || status >= 500;
  }

  /** Reads at most MAX_ERROR_BODY bytes of the body and closes it. */
  static byte[] readErrorBody(InputStream body) {
    if (body == null) {
      return new byte[0];
    }
    try (body) {
      return body.readNBytes(MAX_ERROR_BODY);
    } catch (IOException e) {
      return new byte[0]; // the status alone still explains the failure
    }
  }

  static RegistryException toException(
      RegistryAction action, int status, HttpHeaders headers, byte[] body, Clock clock) {
    Duration retryAfter = retryAfter(headers, clock);
    String reason = status + " " + describeBody(status, body) + rateLimitNote(headers, retryAfter);
    return switch (status) {
      case 401 -> new RegistryUnauthorizedException(action, reason, status);
      case 403 -> new RegistryDeniedException(action, reason, status);
      case 404 -> new RegistryNotFoundException(action, reason, status);
      case 429 -> new RegistryRateLimitedException(action, reason, retryAfter);
      default -> status >= 500
          ? new RegistryUnavailableException(action, reason, status)
          : new RegistryException(action, reason, status);
    };
  }

  static String phrase(int status) {
    return PHRASES.getOrDefault(status, "HTTP " + status);
  }

  /** {@code MANIFEST_UNKNOWN: manifest unknown} from the errors[] body, else the status phrase. */
  static String describeBody(int status, byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8).strip();
    if (text.startsWith("{")) {
      try {
        JsonNode errors = Json.mapper().readTree(text).path("errors");
        List<String> parts = new ArrayList<>();
        for (JsonNode e : errors) {
          String code = e.path("code").asText("");
          String message = e.path("message").asText("");
          parts.add(code.isEmpty() ? message : message.isEmpty() ? code : code + ": " + message);
        }
        if (!parts.isEmpty()) {
          return String.join("; ", parts);
        }
      } catch (IOException e) {
        // not the registry's JSON: fall through to the text
      }
    }
    if (!text.isEmpty() && !text.startsWith("<")) {
      String line = text.lines().findFirst().orElse("");
      return phrase(status) + ": " + (line.length() > MAX_TEXT_REASON
          ? line.substring(0, MAX_TEXT_REASON) + "…" : line);
    }
    return phrase(status);
  }

  /** Docker Hub's RateLimit-* headers and Retry-After, so a user sees why and for how long. */
  static String rateLimitNote(HttpHeaders headers, Duration retryAfter) {
    List<String> parts = new ArrayList<>();
    headers.firstValue("RateLimit-Limit").ifPresent(v -> parts.add("RateLimit-Limit: " + v));
    headers.firstValue("RateLimit-Remaining").ifPresent(v -> parts.add("RateLimit-Remaining: " + v));
    if (retryAfter != null) {
      parts.add("retry after " + retryAfter.toSeconds() + "s");
    }
    return parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
  }

  /** Retry-After as delta-seconds or an HTTP-date; null when absent or unreadable. */
  static Duration retryAfter(HttpHeaders headers, Clock clock) {
    String value = headers.firstValue("Retry-After").map(String::strip).orElse(null);
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
    } catch (NumberFormatException e) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration d = Duration.between(clock.instant(), at.toInstant());
        return d.isNegative() ? Duration.ZERO : d;
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }
}
