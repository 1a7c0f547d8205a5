package dev.edge.hal.esp;

/** The chip answered, but is not one we know, or its efuses make no sense. */
public class ChipDetectionException extends EspProtocolException {
  public ChipDetectionException(String message) {
    super(message);
  }
}
