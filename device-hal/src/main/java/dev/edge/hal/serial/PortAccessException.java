package dev.edge.hal.serial;

/** The port cannot be opened for lack of permission or because it does not exist; the message says what to do. */
public class PortAccessException extends SerialPortException {
  public PortAccessException(String message) {
    super(message);
  }
}
