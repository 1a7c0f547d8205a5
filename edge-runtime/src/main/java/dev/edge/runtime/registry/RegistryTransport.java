package dev.edge.runtime.registry;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What all registry clients of one daemon share: the HttpClient (it owns a selector thread), the
 * idle-read watchdog, the token cache, each registry's auth challenge and its HTTP or HTTPS.
 */
public final class RegistryTransport {
  /** Go's net.Dialer timeout, which dockerd's registry transport uses. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
  /** The wait for response headers; bodies are watched by the idle-read watchdog instead. */
  static final Duration RESPONSE_HEADERS_TIMEOUT = Duration.ofSeconds(60);

  private final RegistryConfig config;
  private final HttpClient http;
  private final Clock clock;
  private final ScheduledExecutorService watchdog;
  private final TokenCache tokens;
  private final Map<String, AuthChallenge> challenges = new ConcurrentHashMap<>();
  private final Set<String> plainHttpHosts = ConcurrentHashMap.newKeySet();

  RegistryTransport(RegistryConfig config, Clock clock) throws IOException {
    this.config = config;
    this.clock = clock;
    HttpClient.Builder builder = HttpClient.newBuilder()
        // Redirects are followed by EndpointCaller: JDK 17 forwards Authorization to any host.
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(CONNECT_TIMEOUT);
    builder.sslContext(config.extraCaFile() != null ? ExtraTrust.context(config.extraCaFile())
        : SystemTrust.context());
    this.http = builder.build();
    this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "registry-idle-read-watchdog");
      t.setDaemon(true);
      return t;
    });
    this.tokens = new TokenCache(clock);
  }

  /** One per daemon. */
  public static RegistryTransport create(RegistryConfig config) throws IOException {
    return new RegistryTransport(config, Clock.systemUTC());
  }

  public RegistryConfig config() {
    return config;
  }

  HttpClient http() {
    return http;
  }

  Clock clock() {
    return clock;
  }

  ScheduledExecutorService watchdog() {
    return watchdog;
  }

  TokenCache tokens() {
    return tokens;
  }

  AuthChallenge challenge(String apiHost) {
    return challenges.get(apiHost);
  }

  void rememberChallenge(String apiHost, AuthChallenge challenge) {
    challenges.put(apiHost, challenge);
  }

  /** The v2 API root: plain HTTP for configured insecure hosts and loopback hosts found to speak it. */
  URI baseUri(String apiHost) {
    String scheme = isInsecure(apiHost) || plainHttpHosts.contains(apiHost) ? "http" : "https";
    return URI.create(scheme + "://" + apiHost);
  }

  /** Like Docker, a loopback registry is tried with TLS first and then over plain HTTP. */
  boolean mayFallBackToHttp(String apiHost) {
    return RegistryHosts.isLoopback(apiHost) && !plainHttpHosts.contains(apiHost);
  }

  void usePlainHttp(String apiHost) {
    plainHttpHosts.add(apiHost);
  }

  private boolean isInsecure(String apiHost) {
    String lower = apiHost.toLowerCase(Locale.ROOT);
    String hostOnly = RegistryHosts.hostOnly(lower);
    for (String entry : config.insecureRegistries()) {
      String e = entry.toLowerCase(Locale.ROOT).replaceFirst("^https?://", "").replaceFirst("/.*$", "");
      if (e.equals(lower) || e.equals(hostOnly)) {
        return true;
      }
    }
    return false;
  }
}
