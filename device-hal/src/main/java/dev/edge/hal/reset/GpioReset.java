package dev.edge.hal.reset;

import dev.edge.hal.serial.LineControl;
import dev.edge.hal.serial.SerialPort;
import java.io.IOException;
import java.time.Duration;

/**
 * Bootloader entry through Raspberry Pi GPIO for boards without DTR/RTS: EN low, GPIO0 low, release EN, hold
 * GPIO0 low until the strapping has been sampled, release GPIO0 (reference §2.4).
 */
public final class GpioReset implements BootloaderReset {
  private final GpioLines lines;
  private final Duration gpio0Hold;

  public GpioReset(GpioLines lines, Duration gpio0Hold) {
    this.lines = lines;
    this.gpio0Hold = gpio0Hold;
  }

  @Override
  public String name() {
    return "GpioReset(EN=BCM" + lines.en().pin() + ", GPIO0=BCM" + lines.gpio0().pin() + ", "
        + gpio0Hold.toMillis() + " ms)";
  }

  @Override
  public LineControl enterBootloader(SerialPort port) throws IOException {
    lines.en().pullLow();
    lines.gpio0().pullLow();
    ResetTimings.sleep(ResetTimings.EN_LOW_HOLD);
    lines.en().release();
    ResetTimings.sleep(gpio0Hold);
    lines.gpio0().release();
    return LineControl.APPLIED;
  }
}
