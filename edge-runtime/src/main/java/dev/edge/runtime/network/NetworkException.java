package dev.edge.runtime.network;

import java.io.IOException;

/** Setting up or tearing down a container's network failed; the message names what and why. */
public class NetworkException extends IOException {
  public NetworkException(String message) {
    super(message);
  }

  public NetworkException(String message, Throwable cause) {
    super(message, cause);
  }
}
