package dev.edge.hal.reset;

import dev.edge.hal.serial.LineControl;
import dev.edge.hal.serial.SerialPort;
import java.io.IOException;
import java.time.Duration;

/**
 * esptool's ClassicReset, one line at a time: EN low, then GPIO0 low and EN released, hold, release GPIO0.
 * (True = asserted = line low; on NodeMCU-style boards RTS drives EN and DTR drives GPIO0.)
 */
public final class ClassicReset implements BootloaderReset {
  private final Duration resetDelay;

  public ClassicReset(Duration resetDelay) {
    this.resetDelay = resetDelay;
  }

  @Override
  public String name() {
    return "ClassicReset(" + resetDelay.toMillis() + " ms)";
  }

  @Override
  public LineControl enterBootloader(SerialPort port) throws IOException {
    if (port.setDtr(false) == LineControl.NO_MODEM_LINES) {
      return LineControl.NO_MODEM_LINES;
    }
    port.setRts(true);
    ResetTimings.sleep(ResetTimings.EN_LOW_HOLD);
    port.setDtr(true);
    port.setRts(false);
    ResetTimings.sleep(resetDelay);
    port.setDtr(false);
    return LineControl.APPLIED;
  }
}
