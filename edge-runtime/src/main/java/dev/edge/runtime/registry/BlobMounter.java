package dev.edge.runtime.registry;

import dev.edge.runtime.image.Digest;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;

/**
 * POST /v2/NAME/blobs/uploads/?mount=DIGEST&from=OTHER: a cross-repository mount. 201 means
 * mounted (null); 202 means refused, with an upload session opened instead (its location).
 */
final class BlobMounter implements RegistryEndpoint<URI> {
  private final String repository;
  private final Digest digest;
  private final String fromRepository;
  private final RegistryAction action;

  BlobMounter(String repository, Digest digest, String fromRepository, RegistryAction action) {
    this.repository = repository;
    this.digest = digest;
    this.fromRepository = fromRepository;
    this.action = action;
  }

  @Override
  public String method() {
    return "POST";
  }

  @Override
  public URI uri(URI base) {
    return URI.create(base + "/v2/" + repository + "/blobs/uploads/?mount="
        + TokenFetcher.encode(digest.toString()) + "&from=" + TokenFetcher.encode(fromRepository));
  }

  @Override
  public boolean accepts(int status) {
    return status == 201 || status == 202;
  }

  @Override
  public URI handle(HttpResponse<InputStream> response) throws RegistryException {
    ResponseErrors.readErrorBody(response.body());
    return response.statusCode() == 201 ? null : UploadLocation.of(response, action);
  }
}
