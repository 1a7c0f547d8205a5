package dev.edge.agent.artifacts;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A file a job fetches by URL and trusts only by its hash: {@code url}, {@code sha256} and its size (the most the
 * download may be). Plain http is accepted for loopback only (a local mirror or a test server); anything else
 * must be https, so a flash or build never depends on an unauthenticated network path even though the hash
 * would catch a changed file.
 */
public record Artifact(URI url, String sha256, long maxSize, boolean sizeExact) {
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
  private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]", "::1");

  /**
   * Reads {@code url}, {@code sha256} and {@code size} from a job document.
   *
   * @param sizeRequired whether {@code size} must be given (flashing: it is the declared artifact size)
   * @param limit the largest size accepted, and the download limit when {@code size} is left out
   * @throws IllegalArgumentException naming the field
   */
  public static Artifact fromDocument(JsonNode doc, boolean sizeRequired, long limit) {
    URI url = url(doc.path("url").asText(""));
    String sha256 = sha256(doc.get("sha256"));
    JsonNode size = doc.get("size");
    if (size == null || size.isNull()) {
      if (sizeRequired) {
        throw new IllegalArgumentException("size: missing; give the artifact's size in bytes");
      }
      return new Artifact(url, sha256, limit, false);
    }
    if (!size.canConvertToLong() || size.isTextual() || size.asLong() <= 0 || size.asLong() > limit) {
      throw new IllegalArgumentException("size: " + size + " is not a number of bytes between 1 and " + limit);
    }
    return new Artifact(url, sha256, size.asLong(), true);
  }

  static URI url(String text) {
    if (text.isEmpty()) {
      throw new IllegalArgumentException("url: missing");
    }
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("url: '" + text + "' is not a URL: " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
      throw new IllegalArgumentException("url: '" + text + "' must be an https:// URL with a host");
    }
    if (uri.getUserInfo() != null) {
      throw new IllegalArgumentException("url: '" + text + "' carries credentials; they would be stored with"
          + " the job record");
    }
    if (scheme.equals("http") && !isLoopback(uri)) {
      throw new IllegalArgumentException("url: '" + text + "' is plain http; only https is accepted (http only"
          + " for 127.0.0.1 or localhost)");
    }
    return uri;
  }

  /** True for plain http that stays on this machine. */
  static boolean isLoopback(URI uri) {
    return uri.getHost() != null && LOOPBACK.contains(uri.getHost().toLowerCase(Locale.ROOT));
  }

  static String sha256(JsonNode node) {
    if (node == null || node.isNull() || node.asText("").isEmpty()) {
      throw new IllegalArgumentException("sha256: missing; give the artifact's SHA-256 as 64 hex digits");
    }
    String text = node.asText().toLowerCase(Locale.ROOT);
    String hex = text.startsWith("sha256:") ? text.substring("sha256:".length()) : text;
    if (!node.isTextual() || !HEX64.matcher(hex).matches()) {
      throw new IllegalArgumentException("sha256: '" + node.asText() + "' is not 64 hex digits");
    }
    return hex;
  }
}
