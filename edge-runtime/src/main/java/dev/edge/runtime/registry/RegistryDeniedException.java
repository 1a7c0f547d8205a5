package dev.edge.runtime.registry;

/** The credentials are valid but lack permission for the repository (403). */
public class RegistryDeniedException extends RegistryException {
  public RegistryDeniedException(RegistryAction action, String reason, int status, Throwable cause) {
    super(action, reason, status, cause);
  }

  public RegistryDeniedException(RegistryAction action, String reason, int status) {
    super(action, reason, status, null);
  }
}
