package dev.edge.runtime.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edge.runtime.image.Digest;
import dev.edge.runtime.image.MediaTypes;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The registry client against Debian's real distribution 2.8 registry: plain, htpasswd and TLS. */
class RegistryClientIntegrationTest {
  static final byte[] CONFIG = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
      .getBytes(StandardCharsets.UTF_8);
  static final byte[] LAYER = random(5000, 1);

  static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  static byte[] manifest(byte[] config, byte[] layer) {
    return ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.DOCKER_MANIFEST + "\","
        + "\"config\":{\"mediaType\":\"" + MediaTypes.DOCKER_CONFIG + "\",\"size\":" + config.length
        + ",\"digest\":\"" + Digest.sha256(config) + "\"},"
        + "\"layers\":[{\"mediaType\":\"" + MediaTypes.DOCKER_LAYER_GZIP + "\",\"size\":" + layer.length
        + ",\"digest\":\"" + Digest.sha256(layer) + "\"}]}").getBytes(StandardCharsets.UTF_8);
  }

  static void push(RegistryClient client, String repo, byte[] blob) throws IOException {
    client.pushBlob(repo, Digest.sha256(blob), blob.length, () -> new ByteArrayInputStream(blob), n -> { });
  }

  static byte[] fetch(RegistryClient client, String repo, Digest digest) throws IOException {
    try (BlobResponse r = client.fetchBlob(repo, digest, 0)) {
      return r.body().readAllBytes();
    }
  }

  /** Defaults, as the daemon runs: the loopback registry is found to speak plain HTTP. */
  private static RegistryTransport defaults() throws IOException {
    return new RegistryTransport(RegistryConfig.defaults().withRetry(TestTransports.FAST_RETRY), Clock.systemUTC());
  }

  @Test
  void pushesAnImageAndPullsItBackOverPlainHttp() throws Exception {
    try (LocalRegistry registry = LocalRegistry.start(LocalRegistry.Mode.PLAIN)) {
      RegistryClient client = RegistryClient.create(defaults(), registry.host(), null);
      Digest layer = Digest.sha256(LAYER);
      assertFalse(client.blobExists("edge/it", layer));
      push(client, "edge/it", CONFIG);
      push(client, "edge/it", LAYER);
      assertTrue(client.blobExists("edge/it", layer));
      byte[] manifest = manifest(CONFIG, LAYER);
      Digest pushed = client.pushManifest("edge/it", "1", manifest, MediaTypes.DOCKER_MANIFEST);
      assertEquals("http://" + registry.host(), client.baseUri().toString());

      ManifestResponse byTag = client.fetchManifest("edge/it", "1");
      assertEquals(pushed, byTag.digest());
      assertEquals(MediaTypes.DOCKER_MANIFEST, byTag.mediaType());
      assertArrayEquals(manifest, byTag.bytes());
      assertEquals(pushed, client.fetchManifest("edge/it", pushed.toString()).digest());
      assertArrayEquals(LAYER, fetch(client, "edge/it", layer));
      try (BlobResponse tail = client.fetchBlob("edge/it", layer, 4000)) {
        assertEquals(4000, tail.offset());
        assertEquals(LAYER.length, tail.totalSize());
        assertArrayEquals(Arrays.copyOfRange(LAYER, 4000, LAYER.length), tail.body().readAllBytes());
      }

      assertTrue(client.mountBlob("edge/other", layer, "edge/it"));
      assertTrue(client.blobExists("edge/other", layer));
      assertFalse(client.mountBlob("edge/other", Digest.sha256(new byte[] {9}), "edge/it"));

      RegistryNotFoundException missing =
          assertThrows(RegistryNotFoundException.class, () -> client.fetchManifest("edge/it", "nope"));
      assertTrue(missing.getMessage().endsWith("manifest nope: 404 MANIFEST_UNKNOWN: manifest unknown"),
          missing.getMessage());
    }
  }

  @Test
  void uploadsAMultiMiBBlobInChunks() throws Exception {
    try (LocalRegistry registry = LocalRegistry.start(LocalRegistry.Mode.PLAIN)) {
      RegistryConfig config = RegistryConfig.defaults().withRetry(TestTransports.FAST_RETRY)
          .withUploadSizes(1 << 20, 1 << 20);
      RegistryClient client =
          RegistryClient.create(new RegistryTransport(config, Clock.systemUTC()), registry.host(), null);
      byte[] big = random((3 << 20) + 12345, 2);
      Digest digest = Digest.sha256(big);
      AtomicLong progress = new AtomicLong();
      client.pushBlob("edge/big", digest, big.length, () -> new ByteArrayInputStream(big), progress::set);
      assertEquals(big.length, progress.get());
      assertArrayEquals(big, fetch(client, "edge/big", digest));

      byte[] wrong = random(2 << 20, 3);
      RegistryException e = assertThrows(RegistryException.class, () -> client.pushBlob(
          "edge/big", Digest.sha256(big), wrong.length, () -> new ByteArrayInputStream(wrong), n -> { }));
      assertTrue(e.getMessage().contains("400 DIGEST_INVALID"), e.getMessage());
    }
  }

  @Test
  void htpasswdRegistryChecksTheLoginAndServesOnlyWithIt() throws Exception {
    try (LocalRegistry registry = LocalRegistry.start(LocalRegistry.Mode.HTPASSWD)) {
      RegistryTransport transport = defaults();
      RegistryClient.create(transport, registry.host(), registry.credentials()).checkLogin();
      RegistryUnauthorizedException wrong = assertThrows(RegistryUnauthorizedException.class,
          () -> RegistryClient.create(transport, registry.host(), Credentials.of(LocalRegistry.USER, "wrong"))
              .checkLogin());
      assertTrue(wrong.getMessage().startsWith("login " + registry.host() + ": 401 UNAUTHORIZED"),
          wrong.getMessage());

      RegistryClient client = RegistryClient.create(transport, registry.host(), registry.credentials());
      push(client, "edge/auth", LAYER);
      assertArrayEquals(LAYER, fetch(client, "edge/auth", Digest.sha256(LAYER)));
      assertThrows(RegistryUnauthorizedException.class,
          () -> RegistryClient.create(transport, registry.host(), null).fetchBlob("edge/auth", Digest.sha256(LAYER), 0));
    }
  }

  @Test
  void tlsRegistryIsTrustedOnlyWithItsCa() throws Exception {
    try (LocalRegistry registry = LocalRegistry.start(LocalRegistry.Mode.TLS)) {
      RegistryConfig config = RegistryConfig.defaults().withRetry(TestTransports.FAST_RETRY)
          .withExtraCaFile(registry.caCertificate());
      RegistryClient client =
          RegistryClient.create(new RegistryTransport(config, Clock.systemUTC()), registry.host(), null);
      push(client, "edge/tls", CONFIG);
      assertEquals(registry.url(), client.baseUri().toString());
      assertArrayEquals(CONFIG, fetch(client, "edge/tls", Digest.sha256(CONFIG)));

      // A HEAD as the first request: its 400 from the TLS server has no body to say why.
      RegistryClient probing = RegistryClient.create(new RegistryTransport(config, Clock.systemUTC()),
          registry.host(), null);
      assertTrue(probing.blobExists("edge/tls", Digest.sha256(CONFIG)));
      assertEquals(registry.url(), probing.baseUri().toString());

      RegistryClient untrusting = RegistryClient.create(defaults(), registry.host(), null);
      RegistryTlsException e = assertThrows(RegistryTlsException.class,
          () -> untrusting.blobExists("edge/tls", Digest.sha256(CONFIG)));
      assertTrue(e.getMessage().contains("TLS: ") && e.getMessage().contains("trust the registry's CA"),
          e.getMessage());
    }
  }

  @Test
  void localRegistryCleansUpItsProcessAndFiles() throws Exception {
    LocalRegistry registry = LocalRegistry.start(LocalRegistry.Mode.HTPASSWD);
    String host = registry.host();
    registry.stop();
    assertFalse(Files.exists(registry.directory()), "temp dir left behind: " + registry.directory());
    RegistryClient client = RegistryClient.create(defaults(), host, null);
    assertThrows(RegistryUnavailableException.class, () -> client.blobExists("x", Digest.sha256(CONFIG)));
  }
}
