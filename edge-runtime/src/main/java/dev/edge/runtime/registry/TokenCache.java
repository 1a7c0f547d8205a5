package dev.edge.runtime.registry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Bearer tokens per realm, service, scope and login, kept until shortly before they expire. */
final class TokenCache {
  /** The token spec: a token without expires_in lives 60 s, and none should live less. */
  static final Duration MIN_TOKEN_LIFETIME = Duration.ofSeconds(60);
  /** Renew this early so a token does not expire between the check and the request. */
  static final Duration EXPIRY_MARGIN = Duration.ofSeconds(10);

  private final Clock clock;
  private final Map<String, Entry> tokens = new ConcurrentHashMap<>();

  TokenCache(Clock clock) {
    this.clock = clock;
  }

  static String key(AuthChallenge challenge, String scopes, Credentials credentials) {
    return challenge.realm() + "|" + challenge.service() + "|" + scopes + "|"
        + (credentials == null ? "-" : credentials.cacheIdentity());
  }

  String get(String key) {
    Entry e = tokens.get(key);
    if (e == null) {
      return null;
    }
    if (!clock.instant().isBefore(e.expires)) {
      tokens.remove(key, e);
      return null;
    }
    return e.token;
  }

  void put(String key, String token, long expiresInSeconds) {
    Duration life = Duration.ofSeconds(Math.max(expiresInSeconds, MIN_TOKEN_LIFETIME.toSeconds()));
    tokens.put(key, new Entry(token, clock.instant().plus(life).minus(EXPIRY_MARGIN)));
  }

  void invalidate(String key) {
    tokens.remove(key);
  }

  private record Entry(String token, Instant expires) {}
}
