package dev.edge.runtime.registry;

import static dev.edge.runtime.registry.FakeRegistry.bytes;
import static dev.edge.runtime.registry.FakeRegistry.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edge.runtime.image.Digest;
import dev.edge.runtime.image.MediaTypes;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ManifestFetchTest {
  static final String MANIFEST = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST
      + "\",\"config\":{\"mediaType\":\"" + MediaTypes.OCI_CONFIG + "\",\"digest\":\"sha256:"
      + "a".repeat(64) + "\",\"size\":2},\"layers\":[]}";
  static final byte[] BYTES = MANIFEST.getBytes(StandardCharsets.UTF_8);
  static final Digest DIGEST = Digest.sha256(BYTES);

  FakeRegistry fake;
  RegistryClient client;

  @BeforeEach
  void start() throws Exception {
    fake = FakeRegistry.start();
    client = RegistryClient.create(TestTransports.plain(fake.host()), fake.host(), null);
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  @Test
  void fetchesByTagAndReportsTypeAndDigest() throws Exception {
    fake.on("GET", "/v2/tc/manifests/1", bytes(200, BYTES, "Content-Type", MediaTypes.OCI_MANIFEST,
        "Docker-Content-Digest", DIGEST.toString()));
    ManifestResponse m = client.fetchManifest("tc", "1");
    assertEquals(MediaTypes.OCI_MANIFEST, m.mediaType());
    assertEquals(DIGEST, m.digest());
    assertTrue(Arrays.equals(BYTES, m.bytes()));
    String accept = fake.seen("GET", "/v2/tc/manifests/1").get(0).header("Accept");
    assertTrue(accept.contains(MediaTypes.DOCKER_MANIFEST_LIST) && accept.contains(MediaTypes.OCI_INDEX));
  }

  @Test
  void fetchByDigestRefusesOtherContent() {
    Digest other = Digest.sha256("other".getBytes(StandardCharsets.UTF_8));
    fake.on("GET", "/v2/tc/manifests/" + other, bytes(200, BYTES, "Content-Type", MediaTypes.OCI_MANIFEST));
    RegistryContentException e =
        assertThrows(RegistryContentException.class, () -> client.fetchManifest("tc", other.toString()));
    assertTrue(e.getMessage().contains("asked for " + other) && e.getMessage().contains(DIGEST.toString()),
        e.getMessage());
  }

  @Test
  void refusesContentThatDisagreesWithDockerContentDigest() {
    Digest other = Digest.sha256("other".getBytes(StandardCharsets.UTF_8));
    fake.on("GET", "/v2/tc/manifests/1", bytes(200, BYTES, "Content-Type", MediaTypes.OCI_MANIFEST,
        "Docker-Content-Digest", other.toString()));
    RegistryContentException e =
        assertThrows(RegistryContentException.class, () -> client.fetchManifest("tc", "1"));
    assertTrue(e.getMessage().contains("Docker-Content-Digest is " + other), e.getMessage());
  }

  @Test
  void refusesManifestOverFourMiBByContentLength() {
    byte[] huge = new byte[(4 << 20) + 1];
    Arrays.fill(huge, (byte) ' ');
    fake.on("GET", "/v2/tc/manifests/1", bytes(200, huge, "Content-Type", MediaTypes.OCI_MANIFEST));
    RegistryContentException e =
        assertThrows(RegistryContentException.class, () -> client.fetchManifest("tc", "1"));
    assertEquals("pull " + fake.host() + "/tc: manifest 1: manifest is 4194305 bytes, over the 4 MiB limit",
        e.getMessage());
  }

  @Test
  void refusesManifestOverFourMiBWithoutContentLength() {
    fake.on("GET", "/v2/tc/manifests/1", ex -> {
      ex.getResponseHeaders().add("Content-Type", MediaTypes.OCI_MANIFEST);
      ex.sendResponseHeaders(200, 0); // chunked: the size shows only while reading
      byte[] block = new byte[1 << 16];
      Arrays.fill(block, (byte) ' ');
      for (int i = 0; i < 65; i++) {
        ex.getResponseBody().write(block);
      }
    });
    RegistryContentException e =
        assertThrows(RegistryContentException.class, () -> client.fetchManifest("tc", "1"));
    assertTrue(e.getMessage().contains("more than 4194304 bytes, over the 4 MiB limit"), e.getMessage());
  }

  @Test
  void refusesUnknownMediaType() {
    fake.on("GET", "/v2/tc/manifests/1", bytes(200, "{\"schemaVersion\":2}".getBytes(StandardCharsets.UTF_8),
        "Content-Type", "application/vnd.example.thing+json"));
    RegistryContentException e =
        assertThrows(RegistryContentException.class, () -> client.fetchManifest("tc", "1"));
    assertTrue(e.getMessage().contains("unsupported manifest media type \"application/vnd.example.thing+json\""),
        e.getMessage());
  }

  @Test
  void refusesSchemaOne() {
    fake.on("GET", "/v2/tc/manifests/1", json(200, "{\"schemaVersion\":1,\"name\":\"tc\",\"fsLayers\":[]}"));
    RegistryContentException e =
        assertThrows(RegistryContentException.class, () -> client.fetchManifest("tc", "1"));
    assertTrue(e.getMessage().contains("schema 1 manifests are not supported"), e.getMessage());
  }

  @Test
  void refusesMalformedJson() {
    fake.on("GET", "/v2/tc/manifests/1", bytes(200, "{\"schemaVersion\":2,".getBytes(StandardCharsets.UTF_8),
        "Content-Type", MediaTypes.DOCKER_MANIFEST));
    RegistryContentException e =
        assertThrows(RegistryContentException.class, () -> client.fetchManifest("tc", "1"));
    assertTrue(e.getMessage().contains("malformed manifest JSON"), e.getMessage());
  }

  @Test
  void refusesMediaTypeFieldThatContradictsContentType() {
    fake.on("GET", "/v2/tc/manifests/1", bytes(200, BYTES, "Content-Type", MediaTypes.DOCKER_MANIFEST));
    RegistryContentException e =
        assertThrows(RegistryContentException.class, () -> client.fetchManifest("tc", "1"));
    assertTrue(e.getMessage().contains("manifest says mediaType " + MediaTypes.OCI_MANIFEST), e.getMessage());
  }

  @Test
  void infersOciIndexFromItsShapeWhenTheRegistrySendsPlainJson() throws Exception {
    byte[] index = "{\"schemaVersion\":2,\"manifests\":[]}".getBytes(StandardCharsets.UTF_8);
    fake.on("GET", "/v2/tc/manifests/1", bytes(200, index, "Content-Type", "application/json"));
    ManifestResponse m = client.fetchManifest("tc", "1");
    assertEquals(MediaTypes.OCI_INDEX, m.mediaType());
    assertTrue(m.isIndex());
  }

  @Test
  void notFoundNamesTheActionAndTheRegistryError() {
    fake.on("GET", "/v2/tc/manifests/1", json(404,
        "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\",\"detail\":{}}]}"));
    RegistryNotFoundException e =
        assertThrows(RegistryNotFoundException.class, () -> client.fetchManifest("tc", "1"));
    assertEquals("pull " + fake.host() + "/tc: manifest 1: 404 MANIFEST_UNKNOWN: manifest unknown",
        e.getMessage());
    assertEquals(404, e.status());
    assertEquals(1, fake.seen("GET", "/v2/tc/manifests/1").size(), "404 is never retried");
  }

  @Test
  void forbiddenIsDenied() {
    fake.on("GET", "/v2/tc/manifests/1", json(403,
        "{\"errors\":[{\"code\":\"DENIED\",\"message\":\"requested access to the resource is denied\"}]}"));
    RegistryDeniedException e =
        assertThrows(RegistryDeniedException.class, () -> client.fetchManifest("tc", "1"));
    assertTrue(e.getMessage().endsWith("403 DENIED: requested access to the resource is denied"), e.getMessage());
    assertEquals(1, fake.seen("GET", "/v2/tc/manifests/1").size());
  }

  @Test
  void unauthorizedWithoutChallengeIsReportedAsIs() {
    fake.on("GET", "/v2/tc/manifests/1", json(401,
        "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}"));
    RegistryUnauthorizedException e =
        assertThrows(RegistryUnauthorizedException.class, () -> client.fetchManifest("tc", "1"));
    assertTrue(e.getMessage().endsWith("401 UNAUTHORIZED: authentication required"), e.getMessage());
  }

  @Test
  void badReferenceIsARegistryExceptionNotACrash() {
    RegistryException e = assertThrows(RegistryException.class, () -> client.fetchManifest("tc", "sha256:xyz"));
    assertTrue(e.getMessage().contains("invalid digest"), e.getMessage());
  }
}
