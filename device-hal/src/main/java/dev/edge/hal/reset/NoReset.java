package dev.edge.hal.reset;

import dev.edge.hal.serial.LineControl;
import dev.edge.hal.serial.SerialPort;

/** Leaves the chip alone: it must already be in its bootloader (ptys, header UARTs, manual boot button). */
public final class NoReset implements BootloaderReset {
  public static final NoReset INSTANCE = new NoReset();

  private NoReset() {
  }

  @Override
  public String name() {
    return "no-reset";
  }

  @Override
  public LineControl enterBootloader(SerialPort port) {
    return LineControl.APPLIED;
  }
}
