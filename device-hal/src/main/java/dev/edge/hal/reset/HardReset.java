package dev.edge.hal.reset;

import dev.edge.hal.serial.LineControl;
import dev.edge.hal.serial.SerialPort;
import java.io.IOException;

/** Resets the chip into its firmware: an EN pulse with GPIO0 left high (esptool HardReset: RTS for 0.1 s). */
public final class HardReset {
  private HardReset() {
  }

  /** Through RTS; {@link LineControl#NO_MODEM_LINES} on ports without modem lines. */
  public static LineControl viaRts(SerialPort port) throws IOException {
    if (port.setDtr(false) == LineControl.NO_MODEM_LINES) {
      return LineControl.NO_MODEM_LINES;
    }
    port.setRts(true);
    ResetTimings.sleep(ResetTimings.HARD_RESET_PULSE);
    port.setRts(false);
    return LineControl.APPLIED;
  }

  /** Through the EN GPIO line, GPIO0 released first. */
  public static void viaGpio(GpioLines lines) throws IOException {
    lines.gpio0().release();
    lines.en().pullLow();
    ResetTimings.sleep(ResetTimings.HARD_RESET_PULSE);
    lines.en().release();
  }
}
