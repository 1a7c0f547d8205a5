package dev.edge.hal.image;

/**
 * Rewrites the flash mode and size/frequency bytes (2 and 3) of an image that goes to the bootloader offset,
 * as esptool's {@code write_flash --flash-mode/--flash-size/--flash-freq} do. Those bytes are outside the
 * checksum, so nothing else changes; bytes after the image (Arduino images, flash dumps) are kept as they are.
 */
public final class FlashHeaderPatcher {

  /** The ESP8266 ROM boots the image at this flash offset; only there are the header bytes patched. */
  public static final long BOOTLOADER_FLASH_OFFSET = 0x0;

  private FlashHeaderPatcher() {
  }

  /**
   * The result of a patch.
   *
   * @param bytes   the file content to flash
   * @param changed whether bytes 2 and 3 differ from the input
   */
  public record Patched(byte[] bytes, boolean changed) {
    /** Bytes 2 and 3 as one number, as esptool prints it ("Flash parameters set to 0x0220"). */
    public int flashParamsWord() {
      return (bytes[2] & 0xFF) << 8 | (bytes[3] & 0xFF);
    }
  }

  /**
   * Patches {@code fileBytes} destined for {@code address}. Files for other addresses, and {@link FlashParams#KEEP_ALL},
   * come back unchanged. Throws when the file at address 0 is not a parseable image, so the caller can refuse it
   * (or, with --force, flash it unpatched as esptool does after its warning).
   */
  public static Patched patch(byte[] fileBytes, String source, long address, FlashParams params)
      throws ImageFormatException {
    if (address != BOOTLOADER_FLASH_OFFSET || params.keepsAll()) {
      return new Patched(fileBytes.clone(), false);
    }
    LoadedImage loaded = Esp8266ImageReader.parse(fileBytes, source);
    Esp8266Image patched = loaded.image().withFlashParams(params);
    byte[] out = fileBytes.clone();
    out[2] = (byte) patched.flashModeByte();
    out[3] = (byte) patched.flashSizeFreqByte();
    return new Patched(out, out[2] != fileBytes[2] || out[3] != fileBytes[3]);
  }
}
