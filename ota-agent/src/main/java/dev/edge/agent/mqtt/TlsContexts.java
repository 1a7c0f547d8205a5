package dev.edge.agent.mqtt;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS for the broker connection from PEM files, with the JDK alone: a CA bundle to trust (else the
 * JDK's trust store), an optional client certificate chain and its unencrypted PKCS#8 key.
 */
final class TlsContexts {
  /** Protects the key inside an in-memory key store that never leaves this class. */
  private static final char[] IN_MEMORY_PASSWORD = "edge".toCharArray();
  private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC");

  private TlsContexts() {}

  /**
   * @throws IOException naming the file and what is wrong with it
   */
  static SSLSocketFactory socketFactory(Optional<Path> ca, Optional<Path> cert, Optional<Path> key)
      throws IOException {
    if (cert.isPresent() && key.isEmpty()) {
      throw new IOException("client certificate " + cert.get() + " was given without its key");
    }
    if (key.isPresent() && cert.isEmpty()) {
      throw new IOException("client key " + key.get() + " was given without its certificate");
    }
    TrustManager[] trust = ca.isPresent() ? trustManagers(ca.get()) : defaultTrustManagers();
    KeyManager[] keys = cert.isPresent() ? keyManagers(cert.get(), key.get()) : null;
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys, trust, null);
      return new ModernTlsSocketFactory(context.getSocketFactory());
    } catch (GeneralSecurityException e) {
      throw new IOException("TLS context: " + e.getMessage(), e);
    }
  }

  private static TrustManager[] trustManagers(Path ca) throws IOException {
    List<X509Certificate> certs = certificates("CA file", ca);
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      for (int i = 0; i < certs.size(); i++) {
        store.setCertificateEntry("ca-" + i, certs.get(i));
      }
      TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      f.init(store);
      return f.getTrustManagers();
    } catch (GeneralSecurityException | IOException e) {
      throw new IOException("CA file " + ca + ": " + e.getMessage(), e);
    }
  }

  private static TrustManager[] defaultTrustManagers() throws IOException {
    try {
      TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      f.init((KeyStore) null); // null: the JDK's cacerts
      return f.getTrustManagers();
    } catch (GeneralSecurityException e) {
      throw new IOException("the JDK's default trust store: " + e.getMessage(), e);
    }
  }

  private static KeyManager[] keyManagers(Path cert, Path key) throws IOException {
    // The key first: its format is the usual mistake, and the hint should not wait behind the chain.
    PrivateKey privateKey = privateKey(key);
    List<X509Certificate> chain = certificates("client certificate", cert);
    checkPair(privateKey, key, chain.get(0), cert);
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      store.setKeyEntry("client", privateKey, IN_MEMORY_PASSWORD,
          chain.toArray(new X509Certificate[0]));
      KeyManagerFactory f = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      f.init(store, IN_MEMORY_PASSWORD);
      return f.getKeyManagers();
    } catch (GeneralSecurityException | IOException e) {
      throw new IOException("client certificate " + cert + " with key " + key + ": " + e.getMessage(), e);
    }
  }

  private static List<X509Certificate> certificates(String what, Path file) throws IOException {
    List<X509Certificate> certs = new ArrayList<>();
    try {
      CertificateFactory x509 = CertificateFactory.getInstance("X.509");
      for (Pem.Block b : Pem.read(what, file)) {
        if (b.type().equals("CERTIFICATE")) {
          certs.add((X509Certificate) x509.generateCertificate(new ByteArrayInputStream(b.der())));
        }
      }
    } catch (CertificateException e) {
      throw new IOException(what + " " + file + ": " + e.getMessage(), e);
    }
    if (certs.isEmpty()) {
      throw new IOException(what + " " + file + ": no -----BEGIN CERTIFICATE----- block");
    }
    return certs;
  }

  private static PrivateKey privateKey(Path file) throws IOException {
    for (Pem.Block b : Pem.read("client key", file)) {
      switch (b.type()) {
        case "PRIVATE KEY":
          return pkcs8(file, b.der());
        case "RSA PRIVATE KEY":
        case "EC PRIVATE KEY":
          throw new IOException("client key " + file + " is " + b.type() + " (PKCS#1/SEC1), which the JDK"
              + " cannot read; convert it to PKCS#8 with: " + convertHint(file));
        case "ENCRYPTED PRIVATE KEY":
          throw new IOException("client key " + file + " is encrypted, and there is no passphrase to give;"
              + " write it unencrypted (and keep it readable only to the agent) with: " + convertHint(file));
        default:
          // an "EC PARAMETERS" block before the key, or a certificate bundled into the same file
      }
    }
    throw new IOException("client key " + file + ": no -----BEGIN PRIVATE KEY----- block");
  }

  static String convertHint(Path file) {
    return "openssl pkcs8 -topk8 -nocrypt -in " + file + " -out " + file + ".pk8";
  }

  private static PrivateKey pkcs8(Path file, byte[] der) throws IOException {
    for (String algorithm : KEY_ALGORITHMS) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // not this algorithm's key: try the next
      }
    }
    throw new IOException("client key " + file + ": not an RSA or EC key in PKCS#8 (tried "
        + KEY_ALGORITHMS + ")");
  }

  /**
   * Signs and verifies a few bytes, because a key that does not belong to the certificate otherwise
   * fails only at the broker, as an unexplained handshake error.
   */
  private static void checkPair(PrivateKey privateKey, Path key, X509Certificate leaf, Path cert)
      throws IOException {
    String algorithm = privateKey.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
    byte[] probe = "edge key check".getBytes(StandardCharsets.US_ASCII);
    boolean matches;
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(privateKey);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(leaf.getPublicKey());
      verifier.update(probe);
      matches = verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      matches = false; // e.g. an EC key against an RSA certificate
    }
    if (!matches) {
      throw new IOException("client key " + key + " does not belong to the first certificate in " + cert
          + " (" + leaf.getSubjectX500Principal() + ")");
    }
  }
}
