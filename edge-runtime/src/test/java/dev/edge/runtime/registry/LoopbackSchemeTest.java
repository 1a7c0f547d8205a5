package dev.edge.runtime.registry;

import static dev.edge.runtime.registry.FakeRegistry.bytes;
import static dev.edge.runtime.registry.FakeRegistry.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edge.runtime.image.MediaTypes;
import dev.edge.runtime.image.Digest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

/**
 * A loopback registry not listed as insecure is tried over plain HTTP first and over TLS when
 * it seems to want TLS; the TLS context is made only when a TLS connection is.
 * (RegistryClientIntegrationTest covers a real TLS registry on loopback.)
 */
class LoopbackSchemeTest {
  private static final byte[] MANIFEST = "{\"schemaVersion\":2}".getBytes(StandardCharsets.UTF_8);

  private static RegistryTransport defaults() throws IOException {
    return new RegistryTransport(RegistryConfig.defaults().withRetry(TestTransports.FAST_RETRY),
        Clock.systemUTC());
  }

  @Test
  void aPlainLoopbackRegistryIsSpokenToPlainlyFromTheFirstRequest() throws Exception {
    try (FakeRegistry fake = FakeRegistry.start()) {
      fake.on("GET", "/v2/tc/manifests/1",
          bytes(200, MANIFEST, "Content-Type", MediaTypes.OCI_MANIFEST));
      RegistryClient client = RegistryClient.create(defaults(), fake.host(), null);
      assertEquals(Digest.sha256(MANIFEST), client.fetchManifest("tc", "1").digest());
      assertEquals(fake.url(), client.baseUri().toString());
      assertEquals(1, fake.seen().size(), "no second try: " + fake.seen());
    }
  }

  @Test
  void aPlainRegistrysOwn400IsReportedOnceTlsTurnsOutNotToBeSpoken() throws Exception {
    try (FakeRegistry fake = FakeRegistry.start()) {
      fake.on("GET", "/v2/tc/manifests/9",
          json(400, "{\"errors\":[{\"code\":\"TAG_INVALID\",\"message\":\"manifest tag did not match URI\"}]}"));
      RegistryTransport transport = defaults();
      RegistryClient client = RegistryClient.create(transport, fake.host(), null);
      RegistryException e = assertThrows(RegistryException.class, () -> client.fetchManifest("tc", "9"));
      assertTrue(e.getMessage().contains("400 TAG_INVALID"), e.getMessage());
      assertEquals(fake.url(), client.baseUri().toString());
      assertFalse(transport.mayTryTls(fake.host()), "a registry error of its own: plain");
    }
  }

  @Test
  void aRegistryThatDropsPlainRequestsAndCannotBeReachedOverTlsReportsTheDrop() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      Thread closer = new Thread(() -> {
        while (!server.isClosed()) {
          try (Socket s = server.accept()) {
            s.getInputStream().read();
          } catch (IOException ignored) {
            // closed by the test
          }
        }
      });
      closer.setDaemon(true);
      closer.start();
      String host = "127.0.0.1:" + server.getLocalPort();
      RegistryTransport transport = defaults();
      RegistryClient client = RegistryClient.create(transport, host, null);
      RegistryUnavailableException e = assertThrows(RegistryUnavailableException.class,
          () -> client.fetchManifest("tc", "1"));
      assertTrue(e.getMessage().contains("header parser received no bytes"), e.getMessage());
      assertTrue(transport.mayTryTls(host), "neither scheme answered, so neither is settled");
    }
  }

  @Test
  void theTlsContextIsMadeOnlyForTheFirstTlsConnection() throws Exception {
    AtomicInteger made = new AtomicInteger();
    DeferredTlsContext deferred = new DeferredTlsContext(() -> {
      made.incrementAndGet();
      return SystemTrust.context();
    });
    HttpClient http = HttpClient.newBuilder().sslContext(deferred)
        .sslParameters(DeferredTlsContext.clientParameters()).build();
    assertEquals(deferred, http.sslContext());
    assertEquals(0, made.get(), "building the HttpClient made no TLS context");
    assertEquals("registry.example", deferred.createSSLEngine("registry.example", 443).getPeerHost());
    deferred.createSSLEngine();
    assertEquals(1, made.get(), "made once, at the first engine");
    SSLContext real = SystemTrust.context();
    assertEquals(real.getSupportedSSLParameters().getProtocols().length,
        deferred.getSupportedSSLParameters().getProtocols().length);
  }
}
