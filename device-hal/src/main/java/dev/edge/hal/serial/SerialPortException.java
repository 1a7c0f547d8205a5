package dev.edge.hal.serial;

import java.io.IOException;

/** A serial port operation failed; the message names the port and the cause. */
public class SerialPortException extends IOException {
  public SerialPortException(String message) {
    super(message);
  }

  public SerialPortException(String message, Throwable cause) {
    super(message, cause);
  }
}
