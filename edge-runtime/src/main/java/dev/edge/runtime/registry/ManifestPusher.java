package dev.edge.runtime.registry;

import dev.edge.runtime.image.Digest;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** PUT /v2/NAME/manifests/TAG with the manifest's own media type; yields its digest. */
final class ManifestPusher implements RegistryEndpoint<Digest> {
  private final String repository;
  private final String tagOrDigest;
  private final byte[] manifest;
  private final String mediaType;
  private final RegistryAction action;

  ManifestPusher(String repository, String tagOrDigest, byte[] manifest, String mediaType,
      RegistryAction action) {
    this.repository = repository;
    this.tagOrDigest = tagOrDigest;
    this.manifest = manifest;
    this.mediaType = mediaType;
    this.action = action;
  }

  @Override
  public String method() {
    return "PUT";
  }

  @Override
  public URI uri(URI base) {
    return URI.create(base + "/v2/" + repository + "/manifests/" + tagOrDigest);
  }

  @Override
  public HttpRequest.BodyPublisher body() {
    return HttpRequest.BodyPublishers.ofByteArray(manifest);
  }

  @Override
  public Map<String, String> headers() {
    return Map.of("Content-Type", mediaType);
  }

  @Override
  public boolean accepts(int status) {
    return status == 201 || status == 200 || status == 202;
  }

  @Override
  public Digest handle(HttpResponse<InputStream> response) throws RegistryException {
    ResponseErrors.readErrorBody(response.body());
    Digest actual = Digest.sha256(manifest);
    String announced = response.headers().firstValue("Docker-Content-Digest").orElse(null);
    if (announced != null && announced.startsWith("sha256:")
        && !announced.strip().equals(actual.toString())) {
      throw new RegistryContentException(action, "registry stored the manifest as "
          + announced.strip() + ", but its bytes have digest " + actual, response.statusCode());
    }
    return actual;
  }
}
