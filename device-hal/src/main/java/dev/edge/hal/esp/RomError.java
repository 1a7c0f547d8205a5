package dev.edge.hal.esp;

/** ROM loader error codes (esptool serial-protocol.rst, reference §1.3). */
public final class RomError {
  public static final int INVALID_MESSAGE = 0x05;
  public static final int FAILED_TO_ACT = 0x06;
  public static final int INVALID_CRC = 0x07;
  public static final int FLASH_WRITE_ERROR = 0x08;
  public static final int FLASH_READ_ERROR = 0x09;
  public static final int FLASH_READ_LENGTH_ERROR = 0x0A;
  public static final int DEFLATE_ERROR = 0x0B;

  private RomError() {
  }

  public static String describe(int code) {
    String text = switch (code) {
      case INVALID_MESSAGE -> "received message is invalid";
      case FAILED_TO_ACT -> "failed to act on received message";
      case INVALID_CRC -> "checksum error in the data";
      case FLASH_WRITE_ERROR -> "flash write error (read-back mismatch)";
      case FLASH_READ_ERROR -> "flash read error";
      case FLASH_READ_LENGTH_ERROR -> "flash read length error";
      case DEFLATE_ERROR -> "deflate error";
      default -> "error";
    };
    return String.format("%s (0x%02x)", text, code);
  }
}
