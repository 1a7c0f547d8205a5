package dev.edge.hal.esp;

/** The loader does not implement a command (status error 0x05 from the ESP8266 ROM); a stub would be needed. */
public class UnsupportedCommandException extends CommandFailedException {
  public UnsupportedCommandException(int opcode) {
    super(opcode, RomError.INVALID_MESSAGE);
  }

  @Override
  public String getMessage() {
    return Opcode.name(opcode()) + " is not supported by this loader (the ESP8266 ROM lacks it; it needs a stub)";
  }
}
