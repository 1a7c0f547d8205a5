package dev.edge.hal.image;

/**
 * Decides whether bytes about to be flashed at address 0 are a sound ESP8266 v1 image: it must parse (magic,
 * segment count, no truncation) and its checksum must match, since the ROM refuses to boot an image whose
 * checksum is wrong. The flasher calls this before flashing and offers {@code --force} to skip it.
 */
public final class Esp8266ImageValidator {

  private Esp8266ImageValidator() {
  }

  /** Returns the parsed image, or throws naming {@code source} and the first problem found. */
  public static LoadedImage validate(byte[] bytes, String source) throws ImageFormatException {
    LoadedImage loaded = Esp8266ImageReader.parse(bytes, source);
    if (!loaded.checksumValid()) {
      throw new ImageFormatException(source, String.format(
          "checksum mismatch: expected 0x%02x (computed over the segment data), actual 0x%02x "
              + "stored at offset 0x%x; the image is corrupt",
          loaded.image().computedChecksum(), loaded.storedChecksum(), loaded.imageLength() - 1));
    }
    return loaded;
  }
}
