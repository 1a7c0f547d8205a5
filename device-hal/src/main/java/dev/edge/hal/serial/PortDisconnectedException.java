package dev.edge.hal.serial;

/** The device behind an open port went away: unplugged, powered off, or the simulator was stopped. */
public class PortDisconnectedException extends SerialPortException {
  public PortDisconnectedException(String message) {
    super(message);
  }
}
