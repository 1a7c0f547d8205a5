package dev.edge.runtime.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edge.runtime.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Asks a token server (the challenge's realm) for a Bearer token, as the distribution token spec says. */
final class TokenFetcher {
  /** A token answer is a small JSON object; more is not a token server. */
  static final int MAX_TOKEN_RESPONSE = 1 << 20;
  /** docker login sends its own client id in the OAuth2 refresh flow; this is edge's. */
  static final String CLIENT_ID = "edge";

  private final RegistryTransport transport;

  TokenFetcher(RegistryTransport transport) {
    this.transport = transport;
  }

  /** The token and its lifetime in seconds (0 when the server did not say). */
  record Token(String token, long expiresIn) {}

  Token fetch(AuthChallenge challenge, List<String> scopes, Credentials credentials, RegistryAction action)
      throws IOException {
    URI realm = realm(challenge, action);
    RegistryAction tokenAction = action.withSubject(
        (action.subject().isEmpty() ? "" : action.subject() + ": ") + "token from " + realm.getHost());
    if (credentials != null && "http".equals(realm.getScheme())
        && !RegistryHosts.isLoopback(realm.getAuthority())) {
      throw new RegistryUnauthorizedException(tokenAction,
          "refusing to send credentials to a plain-HTTP token realm " + realm, 0);
    }
    HttpRequest request = credentials != null && credentials.identityToken() != null
        ? refreshTokenRequest(realm, challenge, scopes, credentials)
        : getRequest(realm, challenge, scopes, credentials);
    HttpResponse<InputStream> response;
    try {
      response = transport.http().send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException(tokenAction + ": interrupted");
    }
    if (response.statusCode() != 200) {
      byte[] body = ResponseErrors.readErrorBody(response.body());
      throw ResponseErrors.toException(tokenAction, response.statusCode(), response.headers(), body,
          transport.clock());
    }
    return parse(response, tokenAction);
  }

  private static URI realm(AuthChallenge challenge, RegistryAction action) throws RegistryException {
    try {
      URI realm = URI.create(challenge.realm());
      if (realm.getHost() == null || !realm.getScheme().matches("https?")) {
        throw new IllegalArgumentException("not an http(s) URL");
      }
      return realm;
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new RegistryUnauthorizedException(action,
          "bad Bearer challenge: realm \"" + challenge.realm() + "\" is not an http(s) URL", 401);
    }
  }

  private static HttpRequest getRequest(
      URI realm, AuthChallenge challenge, List<String> scopes, Credentials credentials) {
    List<String> query = new ArrayList<>();
    if (challenge.service() != null) {
      query.add("service=" + encode(challenge.service()));
    }
    for (String scope : scopes) {
      query.add("scope=" + encode(scope));
    }
    if (credentials != null && !credentials.username().isEmpty()) {
      query.add("account=" + encode(credentials.username()));
    }
    HttpRequest.Builder builder = HttpRequest.newBuilder(withQuery(realm, String.join("&", query)))
        .timeout(RegistryTransport.RESPONSE_HEADERS_TIMEOUT)
        .GET();
    if (credentials != null) {
      builder.header("Authorization", credentials.basicHeader());
    }
    return http11IfPlain(builder, realm).build();
  }

  private static HttpRequest refreshTokenRequest(
      URI realm, AuthChallenge challenge, List<String> scopes, Credentials credentials) {
    String form = "grant_type=refresh_token"
        + "&refresh_token=" + encode(credentials.identityToken())
        + "&client_id=" + CLIENT_ID
        + (challenge.service() != null ? "&service=" + encode(challenge.service()) : "")
        + (scopes.isEmpty() ? "" : "&scope=" + encode(String.join(" ", scopes)));
    HttpRequest.Builder builder = HttpRequest.newBuilder(realm)
        .timeout(RegistryTransport.RESPONSE_HEADERS_TIMEOUT)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form));
    return http11IfPlain(builder, realm).build();
  }

  private static HttpRequest.Builder http11IfPlain(HttpRequest.Builder builder, URI uri) {
    return "http".equals(uri.getScheme()) ? builder.version(HttpClient.Version.HTTP_1_1) : builder;
  }

  private static Token parse(HttpResponse<InputStream> response, RegistryAction action)
      throws IOException {
    byte[] body;
    try (InputStream in = response.body()) {
      body = in.readNBytes(MAX_TOKEN_RESPONSE);
    }
    JsonNode json;
    try {
      json = Json.mapper().readTree(body);
    } catch (IOException e) {
      throw new RegistryUnauthorizedException(action, "token server answered malformed JSON", 200, e);
    }
    // The spec makes token and access_token equivalent; OAuth2 servers send only the latter.
    String token = json.path("token").asText("");
    if (token.isEmpty()) {
      token = json.path("access_token").asText("");
    }
    if (token.isEmpty()) {
      throw new RegistryUnauthorizedException(action, "token server answered without a token", 200);
    }
    return new Token(token, json.path("expires_in").asLong(0));
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  static URI withQuery(URI uri, String query) {
    if (query.isEmpty()) {
      return uri;
    }
    String s = uri.toString();
    return URI.create(s + (uri.getRawQuery() == null ? "?" : "&") + query);
  }
}
