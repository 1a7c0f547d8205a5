package dev.edge.hal.esp;

/** The chip did not answer a command within its timeout. */
public class NoResponseException extends EspProtocolException {
  public NoResponseException(String message) {
    super(message);
  }
}
