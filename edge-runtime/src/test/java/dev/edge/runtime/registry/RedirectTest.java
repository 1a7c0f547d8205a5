package dev.edge.runtime.registry;

import static dev.edge.runtime.registry.FakeRegistry.bytes;
import static dev.edge.runtime.registry.FakeRegistry.status;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RedirectTest {
  static final String PATH = BlobFetchTest.PATH;
  FakeRegistry registry;
  FakeRegistry storage;
  RegistryClient client;

  @BeforeEach
  void start() throws Exception {
    registry = FakeRegistry.start();
    storage = FakeRegistry.start();
    client = RegistryClient.create(TestTransports.plain(registry.host()), registry.host(),
        Credentials.of("user", "secret"));
  }

  @AfterEach
  void stop() {
    registry.close();
    storage.close();
  }

  /** 401 with a Basic challenge until credentials come, then the given answer. */
  private static FakeRegistry.Answer basicThen(FakeRegistry.Answer answer) {
    return ex -> {
      if (ex.getRequestHeaders().getFirst("Authorization") == null) {
        status(401, "WWW-Authenticate", "Basic realm=\"fake\"").answer(ex);
      } else {
        answer.answer(ex);
      }
    };
  }

  @ParameterizedTest
  @ValueSource(ints = {301, 302, 303, 307, 308})
  void redirectToAnotherOriginDropsAuthorizationButKeepsRange(int code) throws Exception {
    registry.on("GET", PATH, basicThen(status(code, "Location", storage.url() + "/data?verify=sig")));
    storage.on("GET", "/data", BlobFetchTest.ranged(BlobFetchTest.BLOB));
    try (BlobResponse r = client.fetchBlob("tc", BlobFetchTest.DIGEST, 100)) {
      assertEquals(100, r.offset());
      r.body().readAllBytes();
    }
    FakeRegistry.Seen atStorage = storage.seen("GET", "/data").get(0);
    assertNull(atStorage.header("Authorization"), "the registry's credentials leaked to blob storage");
    assertEquals("bytes=100-", atStorage.header("Range"));
    assertEquals("/data?verify=sig", atStorage.uri());
    assertTrue(registry.seen("GET", PATH).get(1).header("Authorization").startsWith("Basic "));
  }

  @Test
  void redirectWithinTheRegistryKeepsAuthorizationAndResolvesRelativeLocation() throws Exception {
    registry.on("GET", PATH, basicThen(status(307, "Location", "../../storage/blob")));
    registry.on("GET", "/v2/storage/blob", basicThen(bytes(200, BlobFetchTest.BLOB)));
    try (BlobResponse r = client.fetchBlob("tc", BlobFetchTest.DIGEST, 0)) {
      assertArrayEquals(BlobFetchTest.BLOB, r.body().readAllBytes());
    }
    assertTrue(registry.seen("GET", "/v2/storage/blob").get(0).header("Authorization").startsWith("Basic "));
  }

  @Test
  void sameHostOnAnotherPortIsAnotherOrigin() throws Exception {
    String otherPort = "http://127.0.0.1:" + storage.host().split(":")[1];
    registry.on("GET", PATH, basicThen(status(302, "Location", otherPort + "/data")));
    storage.on("GET", "/data", bytes(200, BlobFetchTest.BLOB));
    try (BlobResponse r = client.fetchBlob("tc", BlobFetchTest.DIGEST, 0)) {
      r.body().readAllBytes();
    }
    assertNull(storage.seen("GET", "/data").get(0).header("Authorization"));
  }

  @Test
  void redirectLoopStopsWithAClearError() {
    registry.on("GET", PATH, status(302, "Location", PATH));
    RegistryException e =
        assertThrows(RegistryException.class, () -> client.fetchBlob("tc", BlobFetchTest.DIGEST, 0));
    assertTrue(e.getMessage().endsWith("blob " + BlobFetchTest.DIGEST + ": more than 10 redirects"),
        e.getMessage());
    assertEquals(EndpointCaller.MAX_REDIRECTS + 1, registry.seen("GET", PATH).size());
  }

  @Test
  void redirectWithoutLocationIsAnError() {
    registry.on("GET", PATH, status(307));
    RegistryException e =
        assertThrows(RegistryException.class, () -> client.fetchBlob("tc", BlobFetchTest.DIGEST, 0));
    assertTrue(e.getMessage().endsWith("307 redirect without a Location header"), e.getMessage());
  }
}
