package dev.edge.hal.image;

/** A firmware image (or an ELF being turned into one) that is not a valid ESP8266 image, naming file and cause. */
public final class ImageFormatException extends Exception {

  private final String source;

  public ImageFormatException(String source, String problem) {
    super(source + ": " + problem);
    this.source = source;
  }

  /** The file (or other input) the problem was found in. */
  public String source() {
    return source;
  }
}
