package dev.edge.runtime.registry;

import dev.edge.runtime.image.Digest;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;

/** HEAD /v2/NAME/blobs/DIGEST: whether the registry already has the blob (200) or not (404). */
final class BlobChecker implements RegistryEndpoint<Boolean> {
  private final String repository;
  private final Digest digest;

  BlobChecker(String repository, Digest digest) {
    this.repository = repository;
    this.digest = digest;
  }

  @Override
  public String method() {
    return "HEAD"; // JDK 17 has no HEAD() builder method
  }

  @Override
  public URI uri(URI base) {
    return URI.create(base + "/v2/" + repository + "/blobs/" + digest);
  }

  @Override
  public boolean accepts(int status) {
    return status == 200 || status == 404;
  }

  @Override
  public Boolean handle(HttpResponse<InputStream> response) {
    ResponseErrors.readErrorBody(response.body());
    return response.statusCode() == 200;
  }
}
