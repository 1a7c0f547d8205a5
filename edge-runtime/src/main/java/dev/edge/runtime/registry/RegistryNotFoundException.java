package dev.edge.runtime.registry;

/** The repository, manifest, blob or upload does not exist (404). */
public class RegistryNotFoundException extends RegistryException {
  public RegistryNotFoundException(RegistryAction action, String reason, int status, Throwable cause) {
    super(action, reason, status, cause);
  }

  public RegistryNotFoundException(RegistryAction action, String reason, int status) {
    super(action, reason, status, null);
  }
}
