package dev.edge.runtime.spec;

/**
 * A container request that cannot become a runnable container: a bad mount, device, user,
 * limit or command. The API answers it with 400.
 */
public class ContainerSpecException extends IllegalArgumentException {
  public ContainerSpecException(String message) {
    super(message);
  }

  public ContainerSpecException(String message, Throwable cause) {
    super(message, cause);
  }
}
