package dev.edge.agent.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PEM loading against a loopback TLS server, with identities from the JDK's keytool (always
 * there, unlike openssl): CA bundles, RSA and EC client keys, a key that belongs to another certificate.
 */
class TlsContextsTest {
  private static final char[] STORE_PASSWORD = "changeit".toCharArray();

  @TempDir static Path dir;
  private static Identity server;
  private static Identity otherCa;
  private static Identity rsaClient;
  private static Identity ecClient;

  /** A self-signed identity from keytool: its key store and the same as PEM files. */
  private record Identity(KeyStore store, Path cert, Path key) {}

  @BeforeAll
  static void makeIdentities() throws Exception {
    // One JVM start each: run them side by side.
    Process[] keytools = {keytool("server", "EC"), keytool("other-ca", "EC"), keytool("gw-rsa", "RSA"),
        keytool("gw-ec", "EC")};
    server = identity("server", keytools[0]);
    otherCa = identity("other-ca", keytools[1]);
    rsaClient = identity("gw-rsa", keytools[2]);
    ecClient = identity("gw-ec", keytools[3]);
  }

  private static Process keytool(String name, String algorithm) throws IOException {
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    return new ProcessBuilder(keytool, "-genkeypair", "-alias", "id", "-keyalg", algorithm,
        "-dname", "CN=" + name, "-validity", "2", "-ext", "san=ip:127.0.0.1", "-keystore",
        dir.resolve(name + ".p12").toString(), "-storetype", "PKCS12", "-storepass", "changeit", "-keypass",
        "changeit").redirectErrorStream(true).start();
  }

  private static Identity identity(String name, Process keytool) throws Exception {
    String out = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0, "keytool: " + out);
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(dir.resolve(name + ".p12"))) {
      store.load(in, STORE_PASSWORD);
    }
    X509Certificate cert = (X509Certificate) store.getCertificate("id");
    PrivateKey key = (PrivateKey) store.getKey("id", STORE_PASSWORD);
    return new Identity(store, Files.writeString(dir.resolve(name + ".crt"), pem("CERTIFICATE", cert.getEncoded())),
        Files.writeString(dir.resolve(name + ".key"), pem("PRIVATE KEY", key.getEncoded())));
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  @Test
  void aCaBundleWithTextAroundItsCertificatesAndAnRsaClientKeyMakeAMutualTlsHandshake() throws Exception {
    Path bundle = Files.writeString(dir.resolve("bundle.pem"), "subject=CN = other-ca\n"
        + Files.readString(otherCa.cert()) + "\nsubject=CN = server\n" + Files.readString(server.cert()));
    SSLSocketFactory factory = TlsContexts.socketFactory(Optional.of(bundle), Optional.of(rsaClient.cert()),
        Optional.of(rsaClient.key()));
    assertEquals("TLSv1.3", handshake(factory, server, rsaClient));
  }

  @Test
  void anEcClientKeyWorksToo() throws Exception {
    SSLSocketFactory factory = TlsContexts.socketFactory(Optional.of(server.cert()), Optional.of(ecClient.cert()),
        Optional.of(ecClient.key()));
    assertEquals("TLSv1.3", handshake(factory, server, ecClient));
  }

  @Test
  void aServerOutsideTheCaFileIsNotTrusted() throws Exception {
    SSLSocketFactory factory = TlsContexts.socketFactory(Optional.of(otherCa.cert()), Optional.of(ecClient.cert()),
        Optional.of(ecClient.key()));
    assertThrows(IOException.class, () -> handshake(factory, server, ecClient));
  }

  @Test
  void aKeyThatBelongsToAnotherCertificateIsRefusedNamingBothFiles() throws Exception {
    IOException e = assertThrows(IOException.class, () -> TlsContexts.socketFactory(Optional.empty(),
        Optional.of(ecClient.cert()), Optional.of(rsaClient.key())));
    assertEquals("client key " + rsaClient.key() + " does not belong to the first certificate in "
        + ecClient.cert() + " (CN=gw-ec)", e.getMessage());
    e = assertThrows(IOException.class, () -> TlsContexts.socketFactory(Optional.empty(),
        Optional.of(ecClient.cert()), Optional.of(server.key())));
    assertTrue(e.getMessage().contains("does not belong"), e.getMessage());
  }

  /**
   * Runs one exchange with a loopback server that requires {@code clientIdentity}'s certificate.
   *
   * @return the protocol the client negotiated
   */
  private static String handshake(SSLSocketFactory factory, Identity serverIdentity, Identity clientIdentity)
      throws Exception {
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(serverIdentity.store(), STORE_PASSWORD);
    KeyStore trusted = KeyStore.getInstance("PKCS12");
    trusted.load(null, null);
    trusted.setCertificateEntry("client", clientIdentity.store().getCertificate("id"));
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trusted);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    try (SSLServerSocket listener = (SSLServerSocket) context.getServerSocketFactory()
        .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      listener.setNeedClientAuth(true);
      CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
        try (SSLSocket s = (SSLSocket) listener.accept()) {
          s.getOutputStream().write(42); // after the server has checked the client's certificate
          s.getOutputStream().flush();
          s.getInputStream().read();
        } catch (IOException e) {
          // the client sees the failure too; its assertion says what went wrong
        }
      });
      try (SSLSocket s = (SSLSocket) factory.createSocket(listener.getInetAddress(), listener.getLocalPort())) {
        s.setSoTimeout(10_000);
        int b = s.getInputStream().read();
        if (b != 42) {
          throw new IOException("the server closed the connection");
        }
        s.getOutputStream().write(1);
        return s.getSession().getProtocol();
      } finally {
        served.get(10, TimeUnit.SECONDS);
      }
    }
  }
}
