package dev.edge.hal.esp;

/** The chip answered a command with a failure status; {@link #errorCode()} is the ROM's error byte. */
public class CommandFailedException extends EspProtocolException {
  private final int opcode;
  private final int errorCode;

  public CommandFailedException(int opcode, int errorCode) {
    super(Opcode.name(opcode) + " failed: " + RomError.describe(errorCode));
    this.opcode = opcode;
    this.errorCode = errorCode;
  }

  public int opcode() {
    return opcode;
  }

  public int errorCode() {
    return errorCode;
  }
}
