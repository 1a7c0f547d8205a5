package dev.edge.runtime.registry;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;

/**
 * The opaque upload URL a registry hands out in {@code Location}: relative or absolute, possibly
 * with its own query parameters (distribution's {@code _state}), which must be kept.
 */
final class UploadLocation {
  private UploadLocation() {}

  /** The response's Location resolved against the request that produced it. */
  static URI of(HttpResponse<InputStream> response, RegistryAction action) throws RegistryException {
    String location = response.headers().firstValue("Location").orElse("").strip();
    if (location.isEmpty()) {
      throw new RegistryException(action,
          response.statusCode() + " without the Location of the upload", response.statusCode());
    }
    try {
      URI uri = response.request().uri().resolve(location);
      if (uri.getHost() == null || !uri.getScheme().matches("(?i)https?")) {
        throw new IllegalArgumentException("not an http(s) URL");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new RegistryException(action, "unusable upload Location \"" + location + "\"",
          response.statusCode());
    }
  }

  /** The URL with one more query parameter, keeping those it has. */
  static URI withParam(URI uri, String name, String value) {
    return TokenFetcher.withQuery(uri, name + "=" + TokenFetcher.encode(value));
  }
}
