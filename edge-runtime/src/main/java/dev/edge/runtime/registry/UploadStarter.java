package dev.edge.runtime.registry;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;

/** POST /v2/NAME/blobs/uploads/: opens an upload session (202 + Location). */
final class UploadStarter implements RegistryEndpoint<UploadStarter.Session> {
  private final String repository;
  private final RegistryAction action;

  /** An open upload: where to send bytes, and the smallest chunk the registry takes (0: any). */
  record Session(URI location, long minChunk) {}

  UploadStarter(String repository, RegistryAction action) {
    this.repository = repository;
    this.action = action;
  }

  @Override
  public String method() {
    return "POST";
  }

  @Override
  public URI uri(URI base) {
    return URI.create(base + "/v2/" + repository + "/blobs/uploads/");
  }

  @Override
  public boolean accepts(int status) {
    return status == 202;
  }

  @Override
  public Session handle(HttpResponse<InputStream> response) throws RegistryException {
    ResponseErrors.readErrorBody(response.body());
    long min = response.headers().firstValueAsLong("OCI-Chunk-Min-Length").orElse(0);
    return new Session(UploadLocation.of(response, action), min);
  }
}
