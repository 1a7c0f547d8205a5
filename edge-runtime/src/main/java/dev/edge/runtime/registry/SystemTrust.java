package dev.edge.runtime.registry;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The JDK's default trust (its cacerts), loaded when the first certificate is to be checked. An
 * HttpClient with the default SSLContext parses all of cacerts as it is built, about 40 ms; with
 * an extra CA file (ExtraTrust) the context is made at start, and a daemon that only talks to
 * plain-HTTP registries never parses cacerts. Checks are delegated unchanged, host name checks
 * included.
 */
final class SystemTrust extends X509ExtendedTrustManager {
  private volatile X509ExtendedTrustManager loaded;

  /** A TLS context trusting the JDK's CAs, loaded on first use. */
  static SSLContext context() throws IOException {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new SystemTrust()}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException("TLS: " + e.getMessage(), e);
    }
  }

  /** The JDK's X509 trust manager over {@code store}, or over its cacerts when null. */
  static X509ExtendedTrustManager manager(KeyStore store) throws GeneralSecurityException {
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    return Arrays.stream(factory.getTrustManagers())
        .filter(X509ExtendedTrustManager.class::isInstance)
        .map(X509ExtendedTrustManager.class::cast)
        .findFirst()
        .orElseThrow(() -> new GeneralSecurityException("no X509 trust manager in the JDK"));
  }

  private X509ExtendedTrustManager system() throws CertificateException {
    X509ExtendedTrustManager manager = loaded;
    if (manager == null) {
      synchronized (this) {
        if (loaded == null) {
          try {
            loaded = manager(null);
          } catch (GeneralSecurityException e) {
            throw new CertificateException("cannot load the JDK's trusted CAs: "
                + e.getMessage(), e);
          }
        }
        manager = loaded;
      }
    }
    return manager;
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String auth, SSLEngine engine)
      throws CertificateException {
    system().checkServerTrusted(chain, auth, engine);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String auth, Socket socket)
      throws CertificateException {
    system().checkServerTrusted(chain, auth, socket);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String auth)
      throws CertificateException {
    system().checkServerTrusted(chain, auth);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String auth, SSLEngine engine)
      throws CertificateException {
    system().checkClientTrusted(chain, auth, engine);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String auth, Socket socket)
      throws CertificateException {
    system().checkClientTrusted(chain, auth, socket);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String auth)
      throws CertificateException {
    system().checkClientTrusted(chain, auth);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    try {
      return system().getAcceptedIssuers();
    } catch (CertificateException e) {
      return new X509Certificate[0];
    }
  }
}
