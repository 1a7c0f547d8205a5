package dev.edge.hal.reset;

import dev.edge.hal.gpio.Gpio;
import dev.edge.hal.gpio.GpioException;
import dev.edge.hal.gpio.OpenDrainLine;

/** The two open-drain lines to the ESP: EN (chip enable/reset) and GPIO0 (boot strap). */
public final class GpioLines implements AutoCloseable {
  private final OpenDrainLine en;
  private final OpenDrainLine gpio0;

  public GpioLines(OpenDrainLine en, OpenDrainLine gpio0) {
    this.en = en;
    this.gpio0 = gpio0;
  }

  public static GpioLines open(Gpio gpio, GpioResetPins pins) throws GpioException {
    OpenDrainLine en = gpio.openDrain(pins.en(), "esp-en");
    try {
      return new GpioLines(en, gpio.openDrain(pins.gpio0(), "esp-gpio0"));
    } catch (GpioException e) {
      en.close();
      throw e;
    }
  }

  public OpenDrainLine en() {
    return en;
  }

  public OpenDrainLine gpio0() {
    return gpio0;
  }

  @Override
  public void close() throws GpioException {
    try {
      gpio0.close();
    } finally {
      en.close();
    }
  }
}
