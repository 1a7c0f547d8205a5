package dev.edge.hal.reset;

import java.util.Arrays;
import java.util.List;

/** {@code --before}: how to get the chip into its bootloader before talking to it. */
public enum BeforeMode {
  DEFAULT_RESET("default-reset"),
  NO_RESET("no-reset"),
  GPIO("gpio");

  private final String option;

  BeforeMode(String option) {
    this.option = option;
  }

  public String option() {
    return option;
  }

  public static BeforeMode parse(String text) {
    String t = text.trim().toLowerCase().replace('_', '-');
    return Arrays.stream(values()).filter(m -> m.option.equals(t)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("--before must be one of default-reset, no-reset,"
            + " gpio; got '" + text + "'"));
  }

  /**
   * The strategies connect attempts cycle through. For default-reset this is esptool's Linux order:
   * UnixTight(0.05 s), UnixTight(0.55 s), Classic(0.05 s), Classic(0.55 s) (reference §2.1).
   */
  public static List<BootloaderReset> dtrRtsSequence() {
    return List.of(new UnixTightReset(ResetTimings.DEFAULT_RESET_DELAY),
        new UnixTightReset(ResetTimings.EXTRA_RESET_DELAY),
        new ClassicReset(ResetTimings.DEFAULT_RESET_DELAY),
        new ClassicReset(ResetTimings.EXTRA_RESET_DELAY));
  }

  /** GPIO reset with the same two hold times esptool alternates. */
  public static List<BootloaderReset> gpioSequence(GpioLines lines) {
    return List.of(new GpioReset(lines, ResetTimings.DEFAULT_RESET_DELAY),
        new GpioReset(lines, ResetTimings.EXTRA_RESET_DELAY));
  }
}
