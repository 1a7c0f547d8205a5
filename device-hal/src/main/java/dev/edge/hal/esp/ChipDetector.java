package dev.edge.hal.esp;

import java.io.IOException;
import java.util.Objects;

/**
 * Identifies a synced chip: the magic word at 0x40001000 (the ESP8266 ROM lacks GET_SECURITY_INFO), then the
 * family's efuses. Register reads are repeated until two agree, because responses carry no checksum.
 */
public final class ChipDetector {
  /** Reads of one register before giving up on getting two equal values in a row. */
  public static final int STABLE_READ_ATTEMPTS = 4;

  private ChipDetector() {
  }

  public static ChipInfo identify(EspLoader loader) throws IOException {
    ChipFamily chip = loader.chip();
    RegisterReader stable = address -> stableRead(loader, address);
    long magic = stable.read(chip.magicRegister());
    if (magic != chip.magicValue()) {
      throw new ChipDetectionException(String.format("unexpected chip magic 0x%08x at 0x%08x; expected"
          + " 0x%08x for %s (other chips are not supported yet)", magic,
          chip.magicRegister(), chip.magicValue(), chip.name()));
    }
    return chip.identify(stable);
  }

  static long stableRead(EspLoader loader, long address) throws IOException {
    Long previous = null;
    IOException lastError = null;
    for (int i = 0; i < STABLE_READ_ATTEMPTS; i++) {
      try {
        long value = loader.readRegister(address);
        if (Objects.equals(previous, value)) {
          return value;
        }
        previous = value;
      } catch (dev.edge.hal.serial.PortDisconnectedException e) {
        throw e;
      } catch (EspProtocolException e) {
        lastError = e;
      }
    }
    String why = lastError == null ? "values kept changing" : lastError.getMessage();
    throw new ChipDetectionException(String.format("READ_REG 0x%08x gave no stable value (%s)", address, why));
  }
}
