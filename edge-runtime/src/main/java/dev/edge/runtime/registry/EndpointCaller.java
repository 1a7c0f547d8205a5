package dev.edge.runtime.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * Runs any RegistryEndpoint against one registry: adds auth, follows redirects itself (Authorization
 * only to the registry's own origin), retries 5xx, 429 and dropped connections with backoff, and
 * turns every unwanted status into a typed RegistryException.
 */
final class EndpointCaller {
  /** Go's http.Client limit, which docker's registry client inherits. */
  static final int MAX_REDIRECTS = 10;
  private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
  private static final String USER_AGENT = "edge";

  private final RegistryTransport transport;
  private final String apiHost;
  private final Authorizer authorizer;

  EndpointCaller(RegistryTransport transport, String apiHost, Authorizer authorizer) {
    this.transport = transport;
    this.apiHost = apiHost;
    this.authorizer = authorizer;
  }

  URI base() {
    return transport.baseUri(apiHost);
  }

  <T> T call(RegistryEndpoint<T> endpoint, RegistryAction action, List<String> scopes)
      throws IOException {
    RetryPolicy policy = transport.config().retry();
    for (int attempt = 1; ; attempt++) {
      Duration wait;
      try {
        return callOnce(endpoint, action, scopes);
      } catch (RegistryRateLimitedException e) {
        wait = e.retryAfter() != null ? e.retryAfter() : policy.backoff(attempt);
        if (!endpoint.retryable() || attempt >= policy.maxAttempts()
            || wait.compareTo(policy.maxRetryAfter()) > 0) {
          throw e;
        }
      } catch (RegistryUnavailableException e) {
        if (!endpoint.retryable() || attempt >= policy.maxAttempts()) {
          throw e;
        }
        wait = policy.backoff(attempt);
      } catch (RegistryException | InterruptedIOException e) {
        throw e;
      } catch (IOException e) {
        if (isCertificateProblem(e)) {
          throw new RegistryTlsException(action, "TLS: " + describe(e)
              + " (trust the registry's CA, or list the registry as insecure to use plain HTTP)", 0, e);
        }
        if (!endpoint.retryable() || attempt >= policy.maxAttempts()) {
          throw new RegistryUnavailableException(action,
              describe(e) + (attempt > 1 ? " (after " + attempt + " attempts)" : ""), 0, e);
        }
        wait = policy.backoff(attempt);
      }
      sleep(wait, action);
    }
  }

  private <T> T callOnce(RegistryEndpoint<T> endpoint, RegistryAction action, List<String> scopes)
      throws IOException {
    String auth = authorizer.authorization(scopes, action);
    boolean reauthorized = false;
    while (true) {
      HttpResponse<InputStream> response = send(endpoint, auth, action);
      int status = response.statusCode();
      if (status == 401 && !reauthorized
          && authorizer.unauthorized(response.headers(), scopes, auth)) {
        ResponseErrors.readErrorBody(response.body());
        auth = authorizer.authorization(scopes, action);
        reauthorized = true;
        continue;
      }
      if (endpoint.accepts(status)) {
        return endpoint.handle(response);
      }
      byte[] body = ResponseErrors.readErrorBody(response.body());
      throw ResponseErrors.toException(action, status, response.headers(), body, transport.clock());
    }
  }

  /** Sends the request over the registry's scheme, finding it first for a loopback registry. */
  private HttpResponse<InputStream> send(RegistryEndpoint<?> endpoint, String auth,
      RegistryAction action) throws IOException {
    if (transport.mayTryTls(apiHost)) {
      return probe(endpoint, auth, action);
    }
    return sendOver(transport.baseUri(apiHost), endpoint, auth, action);
  }

  /**
   * The first request to a loopback registry goes over plain HTTP. A TLS server answers it with
   * a 400 (Go's and nginx's say they want HTTPS; a HEAD's body is never read) or drops it: then
   * the request goes again over TLS, and whichever scheme worked is kept for the registry.
   */
  private HttpResponse<InputStream> probe(RegistryEndpoint<?> endpoint, String auth,
      RegistryAction action) throws IOException {
    URI plain = URI.create("http://" + apiHost);
    HttpResponse<InputStream> response;
    try {
      response = sendOver(plain, endpoint, auth, action);
    } catch (ConnectException | HttpTimeoutException | RegistryException e) {
      throw e; // nothing listens, or too slowly: TLS would not fare better
    } catch (IOException e) {
      return overTlsOr(endpoint, auth, action, e);
    }
    if (response.statusCode() != 400
        || response.headers().firstValue("Docker-Distribution-API-Version").isPresent()) {
      transport.loopbackSpeaks(apiHost, false);
      return response;
    }
    byte[] body = ResponseErrors.readErrorBody(response.body());
    RegistryException plainFailure =
        ResponseErrors.toException(action, 400, response.headers(), body, transport.clock());
    if (!wantsTls(body)) {
      transport.loopbackSpeaks(apiHost, false);
      throw plainFailure;
    }
    return overTlsOr(endpoint, auth, action, plainFailure);
  }

  /** A 400 without a body (a HEAD's is never read), or one that asks for HTTPS. */
  private static boolean wantsTls(byte[] body) {
    return body.length == 0
        || new String(body, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT).contains("https");
  }

  /** The request over TLS, or {@code plainFailure} when the registry turns out not to speak it. */
  private HttpResponse<InputStream> overTlsOr(RegistryEndpoint<?> endpoint, String auth,
      RegistryAction action, IOException plainFailure) throws IOException {
    HttpResponse<InputStream> response;
    try {
      response = sendOver(URI.create("https://" + apiHost), endpoint, auth, action);
    } catch (IOException e) {
      if (isCertificateProblem(e)) {
        transport.loopbackSpeaks(apiHost, true);
        throw e;
      }
      if (hasCause(e, SSLException.class) && !hasCause(e, SSLHandshakeException.class)) {
        // "Unrecognized SSL message": it answered the hello in plain text (hanging up says nothing)
        transport.loopbackSpeaks(apiHost, false);
      } else {
        plainFailure.addSuppressed(e);
      }
      throw plainFailure;
    }
    transport.loopbackSpeaks(apiHost, true);
    return response;
  }

  /**
   * Sends the request to {@code base} and follows redirects, re-deciding at each hop whether auth
   * may go along.
   */
  private HttpResponse<InputStream> sendOver(URI base, RegistryEndpoint<?> endpoint, String auth,
      RegistryAction action) throws IOException {
    URI uri = endpoint.uri(base);
    String method = endpoint.method();
    boolean withBody = true;
    for (int hop = 0; ; hop++) {
      HttpResponse<InputStream> response = exchange(uri, method,
          withBody ? endpoint.body() : HttpRequest.BodyPublishers.noBody(),
          endpoint.headers(), RegistryHosts.sameOrigin(uri, base) ? auth : null);
      int status = response.statusCode();
      if (!REDIRECTS.contains(status)) {
        return response;
      }
      ResponseErrors.readErrorBody(response.body());
      if (hop >= MAX_REDIRECTS) {
        throw new RegistryException(action, "more than " + MAX_REDIRECTS + " redirects", status);
      }
      String location = response.headers().firstValue("Location").orElse(null);
      if (location == null || location.isBlank()) {
        throw new RegistryException(action, status + " redirect without a Location header", status);
      }
      URI next = resolve(uri, location, action, status);
      if ("https".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(next.getScheme())) {
        throw new RegistryException(action, "refusing redirect from https to " + next, status);
      }
      if (status <= 303 && !method.equals("GET") && !method.equals("HEAD")) {
        method = "GET"; // 301/302/303 after a request with a body: fetch the new place, as Go does
        withBody = false;
      }
      uri = next;
    }
  }

  private static URI resolve(URI from, String location, RegistryAction action, int status)
      throws RegistryException {
    try {
      URI next = from.resolve(location.strip());
      if (next.getHost() == null || !next.getScheme().matches("(?i)https?")) {
        throw new IllegalArgumentException("not an http(s) URL");
      }
      return next;
    } catch (IllegalArgumentException e) {
      throw new RegistryException(action,
          status + " redirect to an unusable Location \"" + location + "\"", status);
    }
  }

  private HttpResponse<InputStream> exchange(URI uri, String method,
      HttpRequest.BodyPublisher body, Map<String, String> headers, String auth) throws IOException {
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
        .timeout(RegistryTransport.RESPONSE_HEADERS_TIMEOUT)
        .method(method, body)
        .header("User-Agent", USER_AGENT);
    if ("http".equalsIgnoreCase(uri.getScheme())) {
      builder.version(HttpClient.Version.HTTP_1_1); // or the JDK tries an h2c upgrade
    }
    headers.forEach(builder::header);
    if (auth != null) {
      builder.header("Authorization", auth);
    }
    try {
      return transport.http().send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while talking to " + uri.getAuthority());
    }
  }

  static boolean isCertificateProblem(Throwable e) {
    return hasCause(e, CertificateException.class);
  }

  private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  static String describe(IOException e) {
    if (e instanceof HttpConnectTimeoutException) {
      return "connect timed out after " + RegistryTransport.CONNECT_TIMEOUT.toSeconds() + "s";
    }
    if (e instanceof HttpTimeoutException) {
      return "no response within " + RegistryTransport.RESPONSE_HEADERS_TIMEOUT.toSeconds() + "s";
    }
    if (e instanceof ConnectException) {
      return "connection refused";
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        return t.getMessage();
      }
    }
    return e.getClass().getSimpleName();
  }

  private static void sleep(Duration wait, RegistryAction action) throws InterruptedIOException {
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException(action + ": interrupted while waiting to retry");
    }
  }
}
