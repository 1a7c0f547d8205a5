package dev.edge.runtime.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.KeyManagementException;
import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * A TLS context made when the first TLS connection is. The JDK's HttpClient needs its context
 * as it is built, and making one loads the JSSE provider and the security providers listed
 * before it (several hundred classes, ~0.1 s of a fresh daemon's first pull), which a plain-HTTP
 * registry never needs. Pair it with {@link #clientParameters()}, or the HttpClient asks it for its defaults at
 * once.
 */
final class DeferredTlsContext extends SSLContext {
  /** Makes the real context; called once, on the first TLS connection. */
  interface Factory {
    SSLContext create() throws IOException;
  }

  DeferredTlsContext(Factory factory) {
    super(new Spi(factory), null, "TLS");
  }

  /**
   * What the HttpClient would otherwise read from the context: TLS 1.3 and 1.2, which are what
   * the JDK enables for clients (and what HTTP/2 needs); cipher suites stay the engine's.
   */
  static SSLParameters clientParameters() {
    SSLParameters parameters = new SSLParameters();
    parameters.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
    return parameters;
  }

  private static final class Spi extends SSLContextSpi {
    private final Factory factory;
    private volatile SSLContext made;

    Spi(Factory factory) {
      this.factory = factory;
    }

    private SSLContext context() {
      SSLContext context = made;
      if (context == null) {
        synchronized (this) {
          if (made == null) {
            try {
              made = factory.create();
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }
          context = made;
        }
      }
      return context;
    }

    @Override
    protected void engineInit(KeyManager[] keys, TrustManager[] trust, SecureRandom random)
        throws KeyManagementException {
      throw new KeyManagementException("a deferred TLS context is set up by its factory");
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
      return context().getSocketFactory();
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
      return context().getServerSocketFactory();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
      return context().createSSLEngine();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
      return context().createSSLEngine(host, port);
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
      return context().getServerSessionContext();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
      return context().getClientSessionContext();
    }

    @Override
    protected SSLParameters engineGetDefaultSSLParameters() {
      return context().getDefaultSSLParameters();
    }

    @Override
    protected SSLParameters engineGetSupportedSSLParameters() {
      return context().getSupportedSSLParameters();
    }
  }
}
