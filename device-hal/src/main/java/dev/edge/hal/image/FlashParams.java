package dev.edge.hal.image;

import java.util.Optional;

/**
 * Flash parameters to write into an image header, as esptool's {@code --flash-mode/--flash-size/--flash-freq};
 * an empty value means {@code keep} (leave the image's own value).
 */
public record FlashParams(Optional<FlashMode> mode, Optional<FlashSize> size, Optional<FlashFrequency> frequency) {

  public static final String KEEP = "keep";
  /** Leave every header byte as it is. */
  public static final FlashParams KEEP_ALL = new FlashParams(Optional.empty(), Optional.empty(), Optional.empty());

  /**
   * Parses esptool-style arguments; {@code null} or {@code keep} keeps the image's value. {@code detect} for the
   * size needs a connected chip, so the flasher resolves it to a concrete size before calling this.
   */
  public static FlashParams parse(String mode, String size, String frequency) {
    return new FlashParams(
        keep(mode) ? Optional.empty() : Optional.of(FlashMode.parse(mode)),
        keep(size) ? Optional.empty() : Optional.of(FlashSize.parse(size)),
        keep(frequency) ? Optional.empty() : Optional.of(FlashFrequency.parse(frequency)));
  }

  private static boolean keep(String arg) {
    return arg == null || KEEP.equals(arg);
  }

  public boolean keepsAll() {
    return mode.isEmpty() && size.isEmpty() && frequency.isEmpty();
  }
}
