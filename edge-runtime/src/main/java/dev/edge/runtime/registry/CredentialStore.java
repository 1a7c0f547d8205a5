package dev.edge.runtime.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edge.runtime.fs.AtomicFiles;
import dev.edge.runtime.fs.IoErrors;
import dev.edge.runtime.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Saved registry logins in the {@code auths} section of a file shaped like docker's
 * {@code ~/.docker/config.json}: {@code auth} is base64 of {@code user:password}, an
 * {@code identitytoken} may stand in for the password, and Docker Hub's key is
 * {@code https://index.docker.io/v1/}. Other sections of the file are kept as they are.
 */
public final class CredentialStore {
  public static final String DOCKER_HUB_KEY = "https://index.docker.io/v1/";
  private static final List<String> DOCKER_HUB_HOSTS =
      List.of("docker.io", "index.docker.io", "registry-1.docker.io");

  private final Path file;

  public CredentialStore(Path file) {
    this.file = file;
  }

  public Path file() {
    return file;
  }

  /** The key docker uses for a registry: Docker Hub's URL, else {@code host[:port]}. */
  public static String key(String registry) {
    String host = hostOf(registry);
    return DOCKER_HUB_HOSTS.contains(host) ? DOCKER_HUB_KEY : host;
  }

  /** The saved login for a registry, if there is one with a secret in it. */
  public synchronized Optional<Credentials> get(String registry) throws IOException {
    JsonNode auths = read().path("auths");
    String wanted = key(registry);
    for (Iterator<String> it = auths.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (key(name).equals(wanted)) {
        Credentials c = decode(name, auths.get(name));
        if (c != null) {
          return Optional.of(c);
        }
      }
    }
    return Optional.empty();
  }

  /** Saves a login, replacing any entry for the same registry; the file is mode 0600. */
  public synchronized void put(String registry, Credentials credentials) throws IOException {
    ObjectNode root = read();
    ObjectNode auths = root.path("auths") instanceof ObjectNode o ? o : root.putObject("auths");
    removeEntries(auths, key(registry));
    ObjectNode entry = auths.putObject(key(registry));
    entry.put("auth", credentials.base64UserPass());
    if (credentials.identityToken() != null) {
      entry.put("identitytoken", credentials.identityToken());
    }
    write(root);
  }

  /** Forgets a registry's login; false when none was saved. */
  public synchronized boolean remove(String registry) throws IOException {
    ObjectNode root = read();
    if (!(root.path("auths") instanceof ObjectNode auths) || !removeEntries(auths, key(registry))) {
      return false;
    }
    write(root);
    return true;
  }

  private static boolean removeEntries(ObjectNode auths, String wantedKey) {
    List<String> matching = new ArrayList<>();
    auths.fieldNames().forEachRemaining(n -> {
      if (key(n).equals(wantedKey)) {
        matching.add(n);
      }
    });
    auths.remove(matching);
    return !matching.isEmpty();
  }

  private Credentials decode(String name, JsonNode entry) throws IOException {
    String username = entry.path("username").asText("");
    String password = entry.path("password").asText("");
    String auth = entry.path("auth").asText("");
    if (!auth.isEmpty()) {
      String userPass;
      try {
        userPass = new String(Base64.getDecoder().decode(auth.strip()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new IOException("credential file " + file + ": entry " + name + ": auth is not base64");
      }
      int colon = userPass.indexOf(':');
      if (colon < 0) {
        throw new IOException("credential file " + file + ": entry " + name
            + ": auth is not base64 of user:password");
      }
      username = userPass.substring(0, colon);
      password = userPass.substring(colon + 1);
    }
    String identityToken = entry.path("identitytoken").asText("");
    if (password.isEmpty() && identityToken.isEmpty()) {
      return null; // an empty entry, as docker leaves next to a credsStore helper
    }
    return new Credentials(username, password, identityToken);
  }

  private ObjectNode read() throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Json.mapper().createObjectNode();
    } catch (IOException e) {
      throw new IOException("credential file " + file + ": " + IoErrors.describe(e), e);
    }
    try {
      JsonNode root = Json.mapper().readTree(bytes);
      if (root == null || root.isMissingNode()) {
        return Json.mapper().createObjectNode();
      }
      if (!(root instanceof ObjectNode object)) {
        throw new IOException("credential file " + file + ": not a JSON object");
      }
      return object;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IOException("credential file " + file + ": malformed JSON: " + e.getOriginalMessage(), e);
    }
  }

  private void write(ObjectNode root) throws IOException {
    byte[] bytes = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    // AtomicFiles' temp file is created 0600, so the secrets are never readable by others.
    AtomicFiles.write(file, bytes);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
  }

  /** {@code https://host:port/v1/} and {@code host:port} alike become {@code host:port}. */
  private static String hostOf(String registry) {
    String s = registry.strip().toLowerCase(Locale.ROOT).replaceFirst("^[a-z]+://", "");
    int slash = s.indexOf('/');
    return slash >= 0 ? s.substring(0, slash) : s;
  }
}
