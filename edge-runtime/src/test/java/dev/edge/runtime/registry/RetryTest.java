package dev.edge.runtime.registry;

import static dev.edge.runtime.registry.FakeRegistry.bytes;
import static dev.edge.runtime.registry.FakeRegistry.drop;
import static dev.edge.runtime.registry.FakeRegistry.json;
import static dev.edge.runtime.registry.FakeRegistry.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edge.runtime.image.MediaTypes;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RetryTest {
  static final String PATH = "/v2/tc/manifests/1";
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

  private static FakeRegistry.Answer ok() {
    return bytes(200, ManifestFetchTest.BYTES, "Content-Type", MediaTypes.OCI_MANIFEST);
  }

  @Test
  void serverErrorsAreRetriedUntilTheyPass() throws Exception {
    fake.on("GET", PATH, status(503), status(500), ok());
    assertEquals(ManifestFetchTest.DIGEST, client.fetchManifest("tc", "1").digest());
    assertEquals(3, fake.seen("GET", PATH).size());
  }

  @Test
  void persistentServerErrorGivesUpAfterMaxAttempts() {
    fake.on("GET", PATH, json(502, "{\"errors\":[{\"code\":\"UNKNOWN\",\"message\":\"upstream down\"}]}"));
    RegistryUnavailableException e =
        assertThrows(RegistryUnavailableException.class, () -> client.fetchManifest("tc", "1"));
    assertTrue(e.getMessage().endsWith("manifest 1: 502 UNKNOWN: upstream down"), e.getMessage());
    assertEquals(TestTransports.FAST_RETRY.maxAttempts(), fake.seen("GET", PATH).size());
  }

  @Test
  void clientErrorsOtherThan429AreNotRetried() {
    fake.on("GET", PATH, status(400));
    RegistryException e = assertThrows(RegistryException.class, () -> client.fetchManifest("tc", "1"));
    assertEquals(400, e.status());
    assertTrue(e.getMessage().endsWith("400 Bad Request"), e.getMessage());
    assertEquals(1, fake.seen("GET", PATH).size());
  }

  @Test
  void shortRetryAfterIsHonouredThenTheRequestSucceeds() throws Exception {
    fake.on("GET", PATH, status(429, "Retry-After", "1"), ok());
    long start = System.nanoTime();
    client.fetchManifest("tc", "1");
    long waitedMs = (System.nanoTime() - start) / 1_000_000;
    assertTrue(waitedMs >= 950, "waited only " + waitedMs + " ms");
    assertEquals(2, fake.seen("GET", PATH).size());
  }

  @Test
  void longRetryAfterFailsAtOnceShowingTheRateLimitHeaders() {
    fake.on("GET", PATH, json(429,
        "{\"errors\":[{\"code\":\"TOOMANYREQUESTS\",\"message\":\"You have reached your pull rate limit.\"}]}",
        "Retry-After", "3600", "RateLimit-Limit", "100;w=21600", "RateLimit-Remaining", "0;w=21600"));
    RegistryRateLimitedException e =
        assertThrows(RegistryRateLimitedException.class, () -> client.fetchManifest("tc", "1"));
    assertEquals("pull " + fake.host() + "/tc: manifest 1: 429 TOOMANYREQUESTS: You have reached your pull"
        + " rate limit. (RateLimit-Limit: 100;w=21600, RateLimit-Remaining: 0;w=21600, retry after 3600s)",
        e.getMessage());
    assertEquals(Duration.ofSeconds(3600), e.retryAfter());
    assertEquals(1, fake.seen("GET", PATH).size());
  }

  @Test
  void rateLimitWithoutRetryAfterBacksOffAndGivesUp() {
    fake.on("GET", PATH, status(429));
    RegistryRateLimitedException e =
        assertThrows(RegistryRateLimitedException.class, () -> client.fetchManifest("tc", "1"));
    assertTrue(e.getMessage().endsWith("429 Too Many Requests"), e.getMessage());
    assertEquals(TestTransports.FAST_RETRY.maxAttempts(), fake.seen("GET", PATH).size());
  }

  @Test
  void droppedConnectionsAreRetried() throws Exception {
    fake.on("GET", PATH, drop(), ok());
    assertEquals(ManifestFetchTest.DIGEST, client.fetchManifest("tc", "1").digest());
    assertEquals(2, fake.seen("GET", PATH).size());
  }

  @Test
  void connectionRefusedIsUnavailableAfterRetries() throws Exception {
    String host = fake.host();
    fake.close();
    RegistryClient dead = RegistryClient.create(TestTransports.plain(host), host, null);
    RegistryUnavailableException e =
        assertThrows(RegistryUnavailableException.class, () -> dead.fetchManifest("tc", "1"));
    assertTrue(e.getMessage().startsWith("pull " + host + "/tc: manifest 1: "), e.getMessage());
    assertTrue(e.getMessage().endsWith("(after 3 attempts)"), e.getMessage());
  }
}
