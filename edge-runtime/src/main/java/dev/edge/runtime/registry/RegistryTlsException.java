package dev.edge.runtime.registry;

/** The TLS handshake failed, typically because the certificate is not trusted. */
public class RegistryTlsException extends RegistryException {
  public RegistryTlsException(RegistryAction action, String reason, int status, Throwable cause) {
    super(action, reason, status, cause);
  }

  public RegistryTlsException(RegistryAction action, String reason, int status) {
    super(action, reason, status, null);
  }
}
