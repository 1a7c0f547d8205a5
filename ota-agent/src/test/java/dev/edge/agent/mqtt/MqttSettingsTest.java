package dev.edge.agent.mqtt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MqttSettingsTest {
  /** Looks like a key to the PEM reader; its bytes never get parsed, the header is rejected first. */
  private static final String FAKE_BODY = "MIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\n";

  @TempDir Path dir;

  @Test
  void mqttUrlsGetPlainTcpAndPort1883ByDefault() {
    MqttSettings s = MqttSettings.of("mqtt://broker.lan");
    assertFalse(s.tls());
    assertEquals("tcp://broker.lan:1883", s.pahoUri());
  }

  @Test
  void mqttsUrlsGetTlsAndPort8883ByDefault() {
    MqttSettings s = MqttSettings.of("mqtts://broker.lan");
    assertTrue(s.tls());
    assertEquals("ssl://broker.lan:8883", s.pahoUri());
  }

  @Test
  void anExplicitPortAndAnIpv6LiteralAreKept() {
    assertEquals("ssl://10.0.0.5:9883", MqttSettings.of("mqtts://10.0.0.5:9883").pahoUri());
    assertEquals("tcp://[::1]:1884", MqttSettings.of("mqtt://[::1]:1884").pahoUri());
  }

  @Test
  void otherSchemesAreRefusedWithTheTwoThatWork() {
    for (String url : new String[] {"tcp://broker.lan:1883", "ssl://broker.lan", "http://broker.lan", "broker.lan"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MqttSettings.parse(url));
      assertTrue(e.getMessage().contains(url) && e.getMessage().contains("mqtts://HOST:PORT"), e.getMessage());
    }
  }

  @Test
  void aUrlWithoutAHostIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MqttSettings.parse("mqtt:///edge"));
    assertTrue(e.getMessage().endsWith("no host"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> MqttSettings.parse("mqtt://"));
  }

  @Test
  void tlsFilesForAPlainMqttUrlAreRefused() throws IOException {
    Path ca = write("ca.pem", "unused");
    MqttSettings s = new MqttSettings(MqttSettings.parse("mqtt://broker.lan"), Optional.of(ca), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty());
    IOException e = assertThrows(IOException.class, s::connectOptions);
    assertTrue(e.getMessage().contains("not mqtts://"), e.getMessage());
  }

  @Test
  void aPkcs1RsaKeyIsRefusedWithTheCommandThatConvertsIt() throws IOException {
    Path key = write("gw.key", "-----BEGIN RSA PRIVATE KEY-----\n" + FAKE_BODY + "-----END RSA PRIVATE KEY-----\n");
    IOException e = assertThrows(IOException.class, () -> withClientCert(key).connectOptions());
    assertTrue(e.getMessage().contains(key.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("openssl pkcs8 -topk8 -nocrypt -in " + key + " -out " + key + ".pk8"),
        e.getMessage());
  }

  @Test
  void aSec1EcKeyAfterItsParametersIsRefusedWithTheSameHint() throws IOException {
    Path key = write("gw.key", "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n"
        + "-----BEGIN EC PRIVATE KEY-----\n" + FAKE_BODY + "-----END EC PRIVATE KEY-----\n");
    IOException e = assertThrows(IOException.class, () -> withClientCert(key).connectOptions());
    assertTrue(e.getMessage().contains("EC PRIVATE KEY") && e.getMessage().contains("openssl pkcs8 -topk8"),
        e.getMessage());
  }

  @Test
  void anEncryptedKeyIsRefusedWithTheHint() throws IOException {
    Path key = write("gw.key", "-----BEGIN ENCRYPTED PRIVATE KEY-----\n" + FAKE_BODY
        + "-----END ENCRYPTED PRIVATE KEY-----\n");
    IOException e = assertThrows(IOException.class, () -> withClientCert(key).connectOptions());
    assertTrue(e.getMessage().contains("encrypted") && e.getMessage().contains("-nocrypt"), e.getMessage());
  }

  @Test
  void aCertificateWithoutAKeyAndAKeyWithoutACertificateAreRefused() throws IOException {
    Path cert = write("gw.crt", "unused");
    Path key = write("gw.key", "unused");
    IOException noKey = assertThrows(IOException.class, () -> new MqttSettings(MqttSettings.parse("mqtts://b"),
        Optional.empty(), Optional.of(cert), Optional.empty(), Optional.empty(), Optional.empty()).connectOptions());
    assertTrue(noKey.getMessage().contains(cert + " was given without its key"), noKey.getMessage());
    IOException noCert = assertThrows(IOException.class, () -> new MqttSettings(MqttSettings.parse("mqtts://b"),
        Optional.empty(), Optional.empty(), Optional.of(key), Optional.empty(), Optional.empty()).connectOptions());
    assertTrue(noCert.getMessage().contains(key + " was given without its certificate"), noCert.getMessage());
  }

  @Test
  void aCaFileWithoutCertificatesIsNamedInTheError() throws IOException {
    Path ca = write("ca.pem", "this is not PEM\n");
    IOException e = assertThrows(IOException.class, () -> new MqttSettings(MqttSettings.parse("mqtts://b"),
        Optional.of(ca), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()).connectOptions());
    assertEquals("CA file " + ca + ": no -----BEGIN CERTIFICATE----- block", e.getMessage());
  }

  @Test
  void onlyThePasswordFilesFirstLineIsThePasswordWithoutItsLineEnd() throws IOException {
    Path password = write("password", "s3cret pass\r\nsecond line\n");
    MqttSettings s = new MqttSettings(MqttSettings.parse("mqtt://b"), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.of("gw-1"), Optional.of(password));
    assertArrayEquals("s3cret pass".toCharArray(), s.connectOptions().getPassword());
    assertEquals("gw-1", s.connectOptions().getUserName());
    Path oneLine = write("password1", "only");
    assertArrayEquals("only".toCharArray(), new MqttSettings(MqttSettings.parse("mqtt://b"), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(oneLine)).connectOptions().getPassword());
  }

  @Test
  void mqttsWithoutFilesTrustsTheJdkStoreOverTls12OrLaterWithHostnameVerification() throws IOException {
    var o = MqttSettings.of("mqtts://broker.lan").connectOptions();
    assertTrue(o.isHttpsHostnameVerificationEnabled());
    try (SSLSocket socket = (SSLSocket) o.getSocketFactory().createSocket()) {
      assertEquals(Set.copyOf(ModernTlsSocketFactory.PROTOCOLS), Set.of(socket.getEnabledProtocols()));
    }
  }

  private MqttSettings withClientCert(Path key) throws IOException {
    Path cert = write("gw.crt", "never read: the key is checked first");
    return new MqttSettings(MqttSettings.parse("mqtts://broker.lan"), Optional.empty(), Optional.of(cert),
        Optional.of(key), Optional.empty(), Optional.empty());
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }
}
