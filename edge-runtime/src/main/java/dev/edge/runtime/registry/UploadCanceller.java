package dev.edge.runtime.registry;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;

/** DELETE UPLOAD-URL: abandons an upload session so the registry can free it at once. */
final class UploadCanceller implements RegistryEndpoint<Void> {
  private final URI location;

  UploadCanceller(URI location) {
    this.location = location;
  }

  @Override
  public String method() {
    return "DELETE";
  }

  @Override
  public URI uri(URI base) {
    return location;
  }

  @Override
  public boolean accepts(int status) {
    return status == 204 || status == 200 || status == 202 || status == 404;
  }

  @Override
  public Void handle(HttpResponse<InputStream> response) {
    ResponseErrors.readErrorBody(response.body());
    return null;
  }

  @Override
  public boolean retryable() {
    return false; // best effort: the registry expires stale sessions anyway
  }
}
