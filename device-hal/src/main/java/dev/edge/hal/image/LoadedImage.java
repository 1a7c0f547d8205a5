package dev.edge.hal.image;

/**
 * An image as read from a file: its content plus what only the file knows (stored checksum, length, extra bytes).
 *
 * @param source         the file name used in messages
 * @param image          the parsed header and segments
 * @param storedChecksum the checksum byte found in the file
 * @param imageLength    bytes from the magic to the checksum byte, inclusive
 * @param fileLength     bytes in the whole input; more than {@code imageLength} when data follows the image
 *                       (an Arduino image, or a flash dump)
 */
public record LoadedImage(String source, Esp8266Image image, int storedChecksum, int imageLength, int fileLength) {

  public boolean checksumValid() {
    return storedChecksum == image.computedChecksum();
  }

  /** Bytes after the checksum, which the ROM does not read. */
  public int trailingBytes() {
    return fileLength - imageLength;
  }
}
