package dev.edge.runtime.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/** An SSLContext that trusts the JDK's CAs plus those of one extra PEM file. */
final class ExtraTrust extends X509ExtendedTrustManager {
  private final X509ExtendedTrustManager system;
  private final X509ExtendedTrustManager extra;

  private ExtraTrust(X509ExtendedTrustManager system, X509ExtendedTrustManager extra) {
    this.system = system;
    this.extra = extra;
  }

  static SSLContext context(Path pemFile) throws IOException {
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      try (InputStream in = Files.newInputStream(pemFile)) {
        int i = 0;
        for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
          store.setCertificateEntry("extra-" + i++, cert);
        }
        if (i == 0) {
          throw new IOException("CA file " + pemFile + ": no PEM certificates in it");
        }
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {
          new ExtraTrust(new SystemTrust(), SystemTrust.manager(store))}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException("CA file " + pemFile + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String auth, SSLEngine engine)
      throws CertificateException {
    try {
      system.checkServerTrusted(chain, auth, engine);
    } catch (CertificateException e) {
      extra.checkServerTrusted(chain, auth, engine);
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String auth, Socket socket)
      throws CertificateException {
    try {
      system.checkServerTrusted(chain, auth, socket);
    } catch (CertificateException e) {
      extra.checkServerTrusted(chain, auth, socket);
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String auth) throws CertificateException {
    try {
      system.checkServerTrusted(chain, auth);
    } catch (CertificateException e) {
      extra.checkServerTrusted(chain, auth);
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String auth, SSLEngine engine)
      throws CertificateException {
    system.checkClientTrusted(chain, auth, engine);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String auth, Socket socket)
      throws CertificateException {
    system.checkClientTrusted(chain, auth, socket);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String auth) throws CertificateException {
    system.checkClientTrusted(chain, auth);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return Stream.concat(Arrays.stream(system.getAcceptedIssuers()), Arrays.stream(extra.getAcceptedIssuers()))
        .toArray(X509Certificate[]::new);
  }
}
