package dev.edge.hal.gpio;

import java.io.IOException;

/** A GPIO line could not be claimed or driven; the message names the pin. */
public class GpioException extends IOException {
  public GpioException(String message, Throwable cause) {
    super(message, cause);
  }

  public GpioException(String message) {
    super(message);
  }
}
