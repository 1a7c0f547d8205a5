package dev.edge.runtime.registry;

import java.io.IOException;
import java.net.http.HttpHeaders;
import java.util.List;
import java.util.TreeSet;

/**
 * The Authorization header for one registry: none until the registry challenges, then Basic or a
 * Bearer token for the request's scopes, fetched once and cached until it expires.
 */
final class Authorizer {
  private final RegistryTransport transport;
  private final String apiHost;
  private final Credentials credentials;
  private final TokenFetcher fetcher;

  Authorizer(RegistryTransport transport, String apiHost, Credentials credentials) {
    this.transport = transport;
    this.apiHost = apiHost;
    this.credentials = credentials;
    this.fetcher = new TokenFetcher(transport);
  }

  static String pullScope(String repository) {
    return "repository:" + repository + ":pull";
  }

  static String pushScope(String repository) {
    return "repository:" + repository + ":pull,push";
  }

  /** The header to send to the registry's own origin, or null while it has not asked for any. */
  String authorization(List<String> scopes, RegistryAction action) throws IOException {
    AuthChallenge challenge = transport.challenge(apiHost);
    if (challenge == null) {
      return null;
    }
    if (challenge.isBasic()) {
      return credentials != null ? credentials.basicHeader() : null;
    }
    if (!challenge.isBearer()) {
      return null;
    }
    List<String> wanted = sorted(scopes);
    String key = TokenCache.key(challenge, String.join(" ", wanted), credentials);
    String token = transport.tokens().get(key);
    if (token == null) {
      TokenFetcher.Token fresh = fetcher.fetch(challenge, wanted, credentials, action);
      transport.tokens().put(key, fresh.token(), fresh.expiresIn());
      token = fresh.token();
    }
    return "Bearer " + token;
  }

  /**
   * Learns from a 401. True when sending again may succeed: the challenge is new to us, or the
   * token we sent was refused (it may have expired early) and is now dropped from the cache.
   */
  boolean unauthorized(HttpHeaders headers, List<String> scopes, String sent) {
    AuthChallenge challenge = headers.allValues("WWW-Authenticate").stream()
        .map(AuthChallenge::parse)
        .filter(c -> c != null && (c.isBearer() || c.isBasic()))
        .findFirst()
        .orElse(null);
    if (challenge == null) {
      return false;
    }
    // The challenge's scope belongs to the refused request; each request names its own scopes.
    challenge = challenge.withoutScope();
    transport.rememberChallenge(apiHost, challenge);
    if (challenge.isBasic()) {
      return credentials != null && (sent == null || !sent.startsWith("Basic "));
    }
    if (sent != null && sent.startsWith("Bearer ")) {
      transport.tokens().invalidate(
          TokenCache.key(challenge, String.join(" ", sorted(scopes)), credentials));
    }
    return true;
  }

  private static List<String> sorted(List<String> scopes) {
    return List.copyOf(new TreeSet<>(scopes));
  }
}
