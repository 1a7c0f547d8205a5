package dev.edge.runtime.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edge.runtime.image.Digest;
import dev.edge.runtime.image.MediaTypes;
import dev.edge.runtime.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** GET /v2/NAME/manifests/REF: the four manifest types edge understands, verified and capped. */
final class ManifestPuller implements RegistryEndpoint<ManifestResponse> {
  /** The distribution spec: registries and clients should handle manifests up to 4 MB. */
  static final int MAX_MANIFEST_BYTES = 4 << 20;
  /** containerd's resolve order; other types are refused even if a registry sends them. */
  static final String ACCEPT = String.join(", ", MediaTypes.DOCKER_MANIFEST,
      MediaTypes.DOCKER_MANIFEST_LIST, MediaTypes.OCI_MANIFEST, MediaTypes.OCI_INDEX);
  private static final String SCHEMA1_PREFIX = "application/vnd.docker.distribution.manifest.v1";
  private static final Set<String> GENERIC_TYPES =
      Set.of("", "application/json", "text/plain", "application/octet-stream");

  private final String repository;
  private final String reference;
  private final Digest requested;
  private final RegistryAction action;

  ManifestPuller(String repository, String reference, RegistryAction action) {
    this.repository = repository;
    this.reference = reference;
    this.requested = reference.contains(":") ? Digest.parse(reference) : null;
    this.action = action;
  }

  @Override
  public String method() {
    return "GET";
  }

  @Override
  public URI uri(URI base) {
    return URI.create(base + "/v2/" + repository + "/manifests/" + reference);
  }

  @Override
  public Map<String, String> headers() {
    return Map.of("Accept", ACCEPT);
  }

  @Override
  public boolean accepts(int status) {
    return status == 200;
  }

  @Override
  public ManifestResponse handle(HttpResponse<InputStream> response) throws IOException {
    byte[] bytes;
    try (InputStream in = response.body()) {
      long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
      if (declared > MAX_MANIFEST_BYTES) {
        throw tooLarge(declared + " bytes");
      }
      bytes = in.readNBytes(MAX_MANIFEST_BYTES + 1);
    }
    if (bytes.length > MAX_MANIFEST_BYTES) {
      throw tooLarge("more than " + MAX_MANIFEST_BYTES + " bytes");
    }
    String contentType = response.headers().firstValue("Content-Type")
        .map(v -> v.split(";", 2)[0].strip().toLowerCase(Locale.ROOT)).orElse("");
    String mediaType = mediaType(contentType, bytes);
    Digest digest = verifyDigest(bytes, response.headers().firstValue("Docker-Content-Digest").orElse(null));
    return new ManifestResponse(bytes, mediaType, digest);
  }

  private RegistryContentException tooLarge(String size) {
    return new RegistryContentException(action,
        "manifest is " + size + ", over the " + (MAX_MANIFEST_BYTES >> 20) + " MiB limit", 200);
  }

  /** The type from Content-Type, checked against the body's own mediaType field. */
  private String mediaType(String contentType, byte[] bytes) throws RegistryContentException {
    JsonNode json;
    try {
      json = Json.mapper().readTree(bytes);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new RegistryContentException(action, "malformed manifest JSON: "
          + e.getOriginalMessage(), 200, e);
    } catch (IOException e) {
      throw new RegistryContentException(action, "unreadable manifest: " + e.getMessage(), 200, e);
    }
    if (json == null || !json.isObject()) {
      throw new RegistryContentException(action, "malformed manifest: not a JSON object", 200);
    }
    if (json.path("schemaVersion").asInt(0) == 1 || contentType.startsWith(SCHEMA1_PREFIX)) {
      throw new RegistryContentException(action, "Docker schema 1 manifests are not supported;"
          + " push the image again with a current docker, skopeo or edge", 200);
    }
    String declared = json.path("mediaType").asText("");
    String type;
    if (MediaTypes.MANIFESTS.contains(contentType)) {
      type = contentType;
    } else if (GENERIC_TYPES.contains(contentType)) {
      type = !declared.isEmpty() ? declared : inferOciType(json);
    } else {
      type = contentType;
    }
    if (!MediaTypes.MANIFESTS.contains(type)) {
      throw new RegistryContentException(action, "unsupported manifest media type \"" + type
          + "\" (edge accepts Docker v2 schema 2, Docker manifest lists, OCI manifests and OCI indexes)",
          200);
    }
    if (!declared.isEmpty() && !declared.equals(type)) {
      throw new RegistryContentException(action, "manifest says mediaType " + declared
          + " but the registry sent Content-Type " + type, 200);
    }
    return type;
  }

  /** OCI manifests may omit mediaType; their shape tells index from manifest. */
  private static String inferOciType(JsonNode json) {
    if (json.has("manifests")) {
      return MediaTypes.OCI_INDEX;
    }
    if (json.has("config") && json.has("layers")) {
      return MediaTypes.OCI_MANIFEST;
    }
    return "";
  }

  private Digest verifyDigest(byte[] bytes, String announced) throws RegistryContentException {
    String algorithm = requested != null ? requested.algorithm() : "sha256";
    Digest actual = new Digest(algorithm, hex(algorithm, bytes));
    if (requested != null && !requested.equals(actual)) {
      throw new RegistryContentException(action,
          "digest mismatch: asked for " + requested + ", got content with digest " + actual, 200);
    }
    if (announced != null && !announced.isBlank()) {
      Digest header;
      try {
        header = Digest.parse(announced.strip());
      } catch (IllegalArgumentException e) {
        throw new RegistryContentException(action, "bad Docker-Content-Digest " + announced, 200);
      }
      Digest same = header.algorithm().equals(algorithm)
          ? actual : new Digest(header.algorithm(), hex(header.algorithm(), bytes));
      if (!header.equals(same)) {
        throw new RegistryContentException(action, "digest mismatch: Docker-Content-Digest is "
            + header + " but the content's digest is " + same, 200);
      }
    }
    return actual;
  }

  static String hex(String algorithm, byte[] bytes) {
    try {
      String jdkName = algorithm.equals("sha512") ? "SHA-512" : "SHA-256";
      return HexFormat.of().formatHex(MessageDigest.getInstance(jdkName).digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks " + algorithm, e);
    }
  }
}
