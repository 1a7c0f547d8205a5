package dev.edge.hal.reset;

import java.util.Arrays;

/** {@code --after}: what to do with the chip once flashing is done (reference §2.2). */
public enum AfterMode {
  /** Pulse EN (RTS, or the EN GPIO line) so the new firmware boots. */
  HARD_RESET("hard-reset"),
  /** ESP8266 only: ask the ROM to run the user code; a later reset returns to the bootloader. */
  SOFT_RESET("soft-reset"),
  /** Leave the chip in the bootloader. */
  NO_RESET("no-reset");

  private final String option;

  AfterMode(String option) {
    this.option = option;
  }

  public String option() {
    return option;
  }

  public static AfterMode parse(String text) {
    String t = text.trim().toLowerCase().replace('_', '-');
    return Arrays.stream(values()).filter(m -> m.option.equals(t)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("--after must be one of hard-reset, soft-reset,"
            + " no-reset; got '" + text + "'"));
  }
}
