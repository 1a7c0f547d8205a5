package dev.edge.runtime.registry;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
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
  /** Loopback registries found to speak TLS, or plain HTTP; until then they are tried plainly. */
  private final Map<String, Boolean> loopbackTls = new ConcurrentHashMap<>();

  RegistryTransport(RegistryConfig config, Clock clock) throws IOException {
    this.config = config;
    this.clock = clock;
    HttpClient.Builder builder = HttpClient.newBuilder()
        // Redirects are followed by EndpointCaller: JDK 17 forwards Authorization to any host.
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(CONNECT_TIMEOUT);
    builder.sslContext(config.extraCaFile() != null ? ExtraTrust.context(config.extraCaFile())
        : new DeferredTlsContext(SystemTrust::context));
    builder.sslParameters(DeferredTlsContext.clientParameters());
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

  /**
   * The v2 API root: HTTPS, except for configured insecure hosts and loopback hosts not found to
   * speak TLS. Docker tries a loopback registry with TLS first; edge tries plain HTTP first,
   * because a cold JVM's first TLS hello costs about 0.1 s and 600 classes, and loopback
   * registries are mostly plain. One that speaks TLS says so (see {@link #mayTryTls}).
   */
  URI baseUri(String apiHost) {
    boolean plain = isInsecure(apiHost)
        || RegistryHosts.isLoopback(apiHost) && !loopbackTls.getOrDefault(apiHost, false);
    return URI.create((plain ? "http" : "https") + "://" + apiHost);
  }

  /** A loopback registry whose scheme is not known yet, so a plain request's failure may mean TLS. */
  boolean mayTryTls(String apiHost) {
    return RegistryHosts.isLoopback(apiHost) && !loopbackTls.containsKey(apiHost)
        && !isInsecure(apiHost);
  }

  /** Records what a loopback registry was found to speak. */
  void loopbackSpeaks(String apiHost, boolean tls) {
    loopbackTls.putIfAbsent(apiHost, tls);
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
