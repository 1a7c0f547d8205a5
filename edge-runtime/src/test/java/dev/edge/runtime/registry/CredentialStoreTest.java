package dev.edge.runtime.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edge.runtime.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialStoreTest {
  @TempDir Path dir;

  @Test
  void savesDockerHubUnderItsLegacyKeyAsBase64UserPassword() throws Exception {
    Path file = dir.resolve("config.json");
    CredentialStore store = new CredentialStore(file);
    store.put("docker.io", Credentials.of("alice", "s3cr:et"));
    JsonNode saved = Json.mapper().readTree(file.toFile());
    assertEquals("YWxpY2U6czNjcjpldA==", saved.path("auths").path("https://index.docker.io/v1/").path("auth").asText());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals(Optional.of(Credentials.of("alice", "s3cr:et")), store.get("docker.io"));
    assertEquals(Optional.of(Credentials.of("alice", "s3cr:et")), store.get("index.docker.io"));
  }

  @Test
  void readsWhatDockerWroteIncludingIdentityTokensAndUrlKeys() throws Exception {
    Path file = dir.resolve("config.json");
    Files.writeString(file, "{\"auths\":{"
        + "\"https://index.docker.io/v1/\":{\"auth\":\"Ym9iOg==\",\"identitytoken\":\"idt\"},"
        + "\"https://registry.example:5000/v2/\":{\"auth\":\"dTpw\"},"
        + "\"ghcr.io\":{}},"
        + "\"credsStore\":\"desktop\",\"HttpHeaders\":{\"X-Meta\":\"1\"}}");
    CredentialStore store = new CredentialStore(file);
    assertEquals(Optional.of(new Credentials("bob", "", "idt")), store.get("docker.io"));
    assertEquals(Optional.of(Credentials.of("u", "p")), store.get("registry.example:5000"));
    assertEquals(Optional.empty(), store.get("ghcr.io"), "an empty entry holds no secret");
    assertEquals(Optional.empty(), store.get("quay.io"));
  }

  @Test
  void putReplacesAnyEntryForTheSameRegistryAndKeepsOtherSettings() throws Exception {
    Path file = dir.resolve("config.json");
    Files.writeString(file, "{\"auths\":{\"http://127.0.0.1:5000\":{\"auth\":\"dTpw\"}},\"credsStore\":\"x\"}");
    CredentialStore store = new CredentialStore(file);
    store.put("127.0.0.1:5000", Credentials.of("new", "pw"));
    JsonNode saved = Json.mapper().readTree(file.toFile());
    assertEquals(1, saved.path("auths").size());
    assertTrue(saved.path("auths").has("127.0.0.1:5000"));
    assertEquals("x", saved.path("credsStore").asText());
  }

  @Test
  void removeForgetsTheLoginAndSaysWhetherThereWasOne() throws Exception {
    CredentialStore store = new CredentialStore(dir.resolve("sub/config.json"));
    assertFalse(store.remove("docker.io"));
    store.put("docker.io", Credentials.of("a", "b"));
    store.put("127.0.0.1:5000", Credentials.of("c", "d"));
    assertTrue(store.remove("index.docker.io"));
    assertEquals(Optional.empty(), store.get("docker.io"));
    assertEquals(Optional.of(Credentials.of("c", "d")), store.get("127.0.0.1:5000"));
  }

  @Test
  void malformedFileIsAClearError() throws Exception {
    Path file = dir.resolve("config.json");
    Files.writeString(file, "{\"auths\": {");
    IOException e = assertThrows(IOException.class, () -> new CredentialStore(file).get("docker.io"));
    assertTrue(e.getMessage().startsWith("credential file " + file + ": malformed JSON"), e.getMessage());
    Files.writeString(file, "{\"auths\":{\"docker.io\":{\"auth\":\"!!notbase64\"}}}");
    IOException bad = assertThrows(IOException.class, () -> new CredentialStore(file).get("docker.io"));
    assertTrue(bad.getMessage().endsWith("entry docker.io: auth is not base64"), bad.getMessage());
  }

  @Test
  void secretsStayOutOfToString() {
    assertFalse(Credentials.of("alice", "hunter2").toString().contains("hunter2"));
  }
}
