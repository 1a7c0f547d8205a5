package dev.edge.runtime.registry;

/** The registry (or its token server) refused the credentials, or none were given (401). */
public class RegistryUnauthorizedException extends RegistryException {
  public RegistryUnauthorizedException(RegistryAction action, String reason, int status, Throwable cause) {
    super(action, reason, status, cause);
  }

  public RegistryUnauthorizedException(RegistryAction action, String reason, int status) {
    super(action, reason, status, null);
  }
}
