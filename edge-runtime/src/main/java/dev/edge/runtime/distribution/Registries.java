package dev.edge.runtime.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edge.runtime.json.Json;
import dev.edge.runtime.registry.CredentialStore;
import dev.edge.runtime.registry.Credentials;
import dev.edge.runtime.registry.RegistryClient;
import dev.edge.runtime.registry.RegistryConfig;
import dev.edge.runtime.registry.RegistryTransport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Registry access for the daemon: one shared transport, and credentials from the request
 * ({@code X-Registry-Auth}, as the docker CLI sends them) or from the daemon's own store, which
 * {@code edge login} and {@code docker login} fill.
 */
public final class Registries {
  private final RegistryConfig config;
  private final CredentialStore credentials;
  private RegistryTransport transport;

  public Registries(Path root, List<String> insecureRegistries) {
    this.config = RegistryConfig.defaults().withInsecureRegistries(insecureRegistries);
    this.credentials = new CredentialStore(root.resolve("auth/config.json"));
  }

  /**
   * The shared transport, made on first use: its HttpClient and TLS context cost a daemon that
   * never talks to a registry several MB for nothing.
   */
  private synchronized RegistryTransport transport() throws IOException {
    if (transport == null) {
      transport = RegistryTransport.create(config);
    }
    return transport;
  }

  public CredentialStore credentials() {
    return credentials;
  }

  /** A client for {@code registry}, with the request's credentials or else the stored ones. */
  public RegistryClient client(String registry, Optional<Credentials> fromRequest)
      throws IOException {
    Credentials creds = fromRequest.isPresent() ? fromRequest.get()
        : credentials.get(registry).orElse(null);
    return RegistryClient.create(transport(), registry, creds);
  }

  /**
   * Decodes Docker's {@code X-Registry-Auth}: base64url JSON with username/password or an
   * identitytoken. An empty or anonymous header means "use what the daemon has".
   */
  public static Optional<Credentials> fromHeader(String header) {
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    try {
      byte[] json = Base64.getUrlDecoder().decode(header.strip().replace('+', '-')
          .replace('/', '_').replace("=", ""));
      JsonNode auth = Json.mapper().readTree(new String(json, StandardCharsets.UTF_8));
      String user = auth.path("username").asText("");
      String password = auth.path("password").asText("");
      String token = auth.path("identitytoken").asText("");
      if (!token.isEmpty()) {
        return Optional.of(new Credentials(user, null, token));
      }
      if (user.isEmpty() && password.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(Credentials.of(user, password));
    } catch (IllegalArgumentException | IOException e) {
      throw new IllegalArgumentException("invalid X-Registry-Auth header: " + e.getMessage());
    }
  }
}
