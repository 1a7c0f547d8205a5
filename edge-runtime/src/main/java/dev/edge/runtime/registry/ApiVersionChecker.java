package dev.edge.runtime.registry;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;

/** GET /v2/: the registry speaks the v2 API and accepts these credentials. */
final class ApiVersionChecker implements RegistryEndpoint<Void> {

  @Override
  public String method() {
    return "GET";
  }

  @Override
  public URI uri(URI base) {
    return URI.create(base + "/v2/");
  }

  @Override
  public boolean accepts(int status) {
    return status == 200;
  }

  @Override
  public Void handle(HttpResponse<InputStream> response) {
    ResponseErrors.readErrorBody(response.body());
    return null;
  }
}
