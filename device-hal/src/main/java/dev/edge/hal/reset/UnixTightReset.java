package dev.edge.hal.reset;

import dev.edge.hal.serial.LineControl;
import dev.edge.hal.serial.SerialPort;
import java.io.IOException;
import java.time.Duration;

/**
 * esptool's UnixTightReset: both lines set atomically with TIOCMSET, so GPIO0 goes low in the same instant
 * EN is released and the (DTR,RTS)=(T,T) glitch of the classic sequence never happens.
 */
public final class UnixTightReset implements BootloaderReset {
  private final Duration resetDelay;

  public UnixTightReset(Duration resetDelay) {
    this.resetDelay = resetDelay;
  }

  @Override
  public String name() {
    return "UnixTightReset(" + resetDelay.toMillis() + " ms)";
  }

  @Override
  public LineControl enterBootloader(SerialPort port) throws IOException {
    if (port.setDtrRts(false, false) == LineControl.NO_MODEM_LINES) {
      return LineControl.NO_MODEM_LINES;
    }
    port.setDtrRts(true, true);
    port.setDtrRts(false, true);
    ResetTimings.sleep(ResetTimings.EN_LOW_HOLD);
    port.setDtrRts(true, false);
    ResetTimings.sleep(resetDelay);
    port.setDtrRts(false, false);
    port.setDtr(false);
    return LineControl.APPLIED;
  }
}
