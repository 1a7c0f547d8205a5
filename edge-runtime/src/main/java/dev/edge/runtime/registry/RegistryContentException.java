package dev.edge.runtime.registry;

/** The registry sent content edge refuses: digest mismatch, oversized or malformed manifest, unknown media type, bad range. */
public class RegistryContentException extends RegistryException {
  public RegistryContentException(RegistryAction action, String reason, int status, Throwable cause) {
    super(action, reason, status, cause);
  }

  public RegistryContentException(RegistryAction action, String reason, int status) {
    super(action, reason, status, null);
  }
}
