package dev.edge.hal.flash;

/**
 * Header and safety options of a flash, as esptool's write_flash takes them.
 *
 * @param flashMode qio, qout, dio, dout or keep
 * @param flashSize 256KB..16MB, detect (ask the flash chip) or keep
 * @param flashFreq 40m, 26m, 20m, 80m or keep
 * @param force flash an image at the bootloader offset even if it does not validate
 */
public record FlashSettings(String flashMode, String flashSize, String flashFreq, boolean force) {
  public static final String KEEP = "keep";
  public static final String DETECT = "detect";

  public static FlashSettings defaults() {
    return new FlashSettings(KEEP, KEEP, KEEP, false);
  }
}
