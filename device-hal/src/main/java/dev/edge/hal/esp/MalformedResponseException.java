package dev.edge.hal.esp;

/** A SLIP frame arrived but is not a well-formed loader response. */
public class MalformedResponseException extends EspProtocolException {
  public MalformedResponseException(String message) {
    super(message);
  }
}
