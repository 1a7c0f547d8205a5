package dev.edge.runtime.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

class SystemTrustTest {
  @Test
  void trustsWhatTheJdksCacertsTrustOnceAsked() throws Exception {
    SystemTrust trust = new SystemTrust();
    X509Certificate[] issuers = trust.getAcceptedIssuers();
    assertTrue(issuers.length > 20, "the JDK's CAs, loaded on first use: " + issuers.length);
    assertEquals(issuers.length, SystemTrust.manager(null).getAcceptedIssuers().length);
  }

  @Test
  void anEmptyChainIsRefusedAsTheJdkRefusesIt() {
    assertThrows(IllegalArgumentException.class,
        () -> new SystemTrust().checkServerTrusted(new X509Certificate[0], "RSA"));
  }

  @Test
  void theContextIsUsable() throws Exception {
    SSLContext context = SystemTrust.context();
    assertEquals("TLS", context.getProtocol());
    assertTrue(context.createSSLEngine().getSupportedProtocols().length > 0);
  }
}
