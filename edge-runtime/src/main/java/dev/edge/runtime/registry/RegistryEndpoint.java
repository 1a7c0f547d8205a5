package dev.edge.runtime.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/**
 * One registry operation: its method, URI, headers and body, and how a wanted response becomes a
 * result. EndpointCaller does the rest (auth, redirects, retries, statuses into exceptions).
 *
 * @param <T> what the operation yields
 */
interface RegistryEndpoint<T> {

  String method();

  /** The request URI: usually a path under the registry's base, or an absolute upload location. */
  URI uri(URI base);

  /** A fresh body for each attempt; no body by default. */
  default HttpRequest.BodyPublisher body() throws IOException {
    return HttpRequest.BodyPublishers.noBody();
  }

  default Map<String, String> headers() {
    return Map.of();
  }

  /** The statuses {@link #handle} turns into a result; any other becomes an exception. */
  boolean accepts(int status);

  /** Reads the response and closes its body, unless the result hands the body on. */
  T handle(HttpResponse<InputStream> response) throws IOException;

  /** False when sending the request twice could do harm or its body cannot be sent again. */
  default boolean retryable() {
    return true;
  }
}
