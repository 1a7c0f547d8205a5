package dev.edge.hal.esp;

/** Bytes on the wire broke SLIP framing (bad escape, oversized frame). */
public class SlipFramingException extends EspProtocolException {
  public SlipFramingException(String message) {
    super(message);
  }
}
