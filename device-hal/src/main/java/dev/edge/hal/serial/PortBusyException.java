package dev.edge.hal.serial;

/** The port is held by another program or flash; the message names the holder. */
public class PortBusyException extends SerialPortException {
  public PortBusyException(String message) {
    super(message);
  }
}
