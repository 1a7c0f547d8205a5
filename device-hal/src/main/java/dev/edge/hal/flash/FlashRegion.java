package dev.edge.hal.flash;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Bytes to write at a flash address; {@code label} names them in messages ("app.bin@0x10000").
 *
 * @param label file name and address as the user gave them
 * @param address flash offset
 * @param data bytes to write
 */
public record FlashRegion(String label, long address, byte[] data) {

  public FlashRegion {
    if (address < 0) {
      throw new IllegalArgumentException(label + ": negative flash address");
    }
  }

  public long end() {
    return address + data.length;
  }

  /** Parses {@code FILE[@ADDR]} (address hex with 0x, or decimal; 0 when left out) and reads the file. */
  public static FlashRegion fromSpec(String spec) throws IOException {
    int at = spec.lastIndexOf('@');
    String file = at < 0 ? spec : spec.substring(0, at);
    long address = at < 0 ? 0 : parseAddress(spec.substring(at + 1), spec);
    Path path = Path.of(file);
    if (!Files.isRegularFile(path)) {
      throw new FlashException(spec + ": no such file " + file);
    }
    byte[] data = Files.readAllBytes(path);
    if (data.length == 0) {
      throw new FlashException(spec + ": the file is empty");
    }
    return new FlashRegion(path.getFileName() + String.format("@0x%x", address), address, data);
  }

  static long parseAddress(String text, String spec) throws FlashException {
    try {
      String t = text.trim().toLowerCase();
      long value = t.startsWith("0x") ? Long.parseLong(t.substring(2), 16) : Long.parseLong(t);
      if (value < 0) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new FlashException(spec + ": '" + text + "' is not a flash address (use e.g. 0x10000)");
    }
  }
}
