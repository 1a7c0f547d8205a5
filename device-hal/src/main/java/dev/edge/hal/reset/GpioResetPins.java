package dev.edge.hal.reset;

/**
 * BCM pin numbers wired to the ESP's EN and GPIO0. The defaults are in the range BCM 0-8, which the Pi pulls up
 * at power-on, so the ESP is neither held in reset nor in download mode while the Pi boots (reference §2.4).
 */
public record GpioResetPins(int en, int gpio0) {
  public static final int DEFAULT_EN = 5;
  public static final int DEFAULT_GPIO0 = 6;

  public GpioResetPins {
    if (en == gpio0) {
      throw new IllegalArgumentException("EN and GPIO0 must be different pins, both are BCM " + en);
    }
    if (en < 0 || gpio0 < 0 || en > 27 || gpio0 > 27) {
      throw new IllegalArgumentException("BCM pins are 0..27: EN " + en + ", GPIO0 " + gpio0);
    }
  }

  public static GpioResetPins defaults() {
    return new GpioResetPins(DEFAULT_EN, DEFAULT_GPIO0);
  }
}
