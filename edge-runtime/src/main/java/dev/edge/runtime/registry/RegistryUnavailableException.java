package dev.edge.runtime.registry;

/** The registry answered 5xx or could not be reached, after the retries ran out. */
public class RegistryUnavailableException extends RegistryException {
  public RegistryUnavailableException(RegistryAction action, String reason, int status, Throwable cause) {
    super(action, reason, status, cause);
  }

  public RegistryUnavailableException(RegistryAction action, String reason, int status) {
    super(action, reason, status, null);
  }
}
