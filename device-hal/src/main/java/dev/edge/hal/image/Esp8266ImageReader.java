package dev.edge.hal.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Parses ESP8266 v1 images as esptool's {@code ESP8266ROMFirmwareImage} loads them. Bytes after the checksum are
 * allowed (the ROM never reads them); the checksum is read but not judged here, see {@link Esp8266ImageValidator}.
 */
public final class Esp8266ImageReader {

  /** The largest image worth reading: the largest flash an ESP8266 addresses. */
  public static final long MAX_FILE_SIZE = FlashSize.SIZE_16MB.bytes();

  private Esp8266ImageReader() {
  }

  public static LoadedImage read(Path path) throws IOException, ImageFormatException {
    long size = Files.size(path);
    if (size > MAX_FILE_SIZE) {
      throw new ImageFormatException(path.toString(), "file is " + size
          + " bytes, larger than the 16 MB an ESP8266 can address");
    }
    return parse(Files.readAllBytes(path), path.toString());
  }

  /** Parses {@code bytes}; {@code source} names the input in error messages. */
  public static LoadedImage parse(byte[] bytes, String source) throws ImageFormatException {
    if (bytes.length == 0) {
      throw new ImageFormatException(source, "image is empty");
    }
    int magic = bytes[0] & 0xFF;
    if (magic != Esp8266Image.MAGIC) {
      String hint = magic == 0xEA ? " (0xEA is a v2 image for an SDK bootloader, not a ROM-loadable v1 image)"
          : magic == 0x7F ? " (this looks like an ELF file; convert it with elf2image first)" : "";
      throw new ImageFormatException(source,
          String.format("invalid image magic 0x%02x, expected 0x%02x%s", magic, Esp8266Image.MAGIC, hint));
    }
    if (bytes.length < Esp8266Image.HEADER_LENGTH) {
      throw new ImageFormatException(source, "truncated header: " + bytes.length + " bytes, need "
          + Esp8266Image.HEADER_LENGTH);
    }
    int count = bytes[1] & 0xFF;
    if (count > Esp8266Image.MAX_SEGMENTS) {
      throw new ImageFormatException(source, "invalid segment count " + count + " (max "
          + Esp8266Image.MAX_SEGMENTS + "); usually a linker script problem, or not an image");
    }
    List<ImageSegment> segments = new ArrayList<>(count);
    int pos = Esp8266Image.HEADER_LENGTH;
    for (int i = 0; i < count; i++) {
      if (bytes.length - pos < Esp8266Image.SEGMENT_HEADER_LENGTH) {
        throw new ImageFormatException(source, String.format(
            "truncated segment %d header at offset 0x%x: file ends at 0x%x", i, pos, bytes.length));
      }
      long address = u32(bytes, pos);
      long length = u32(bytes, pos + 4);
      int dataStart = pos + Esp8266Image.SEGMENT_HEADER_LENGTH;
      if (length > ImageSegment.MAX_LENGTH) {
        throw new ImageFormatException(source, String.format(
            "segment %d at offset 0x%x (load 0x%08x) claims 0x%x bytes; the 16 MB limit is exceeded",
            i, pos, address, length));
      }
      if (length > bytes.length - dataStart) {
        throw new ImageFormatException(source, String.format(
            "truncated segment %d at offset 0x%x (load 0x%08x): length 0x%x, only 0x%x bytes left",
            i, pos, address, length, bytes.length - dataStart));
      }
      byte[] data = new byte[(int) length];
      System.arraycopy(bytes, dataStart, data, 0, data.length);
      segments.add(new ImageSegment(address, data, OptionalLong.of(pos)));
      pos = dataStart + data.length;
    }
    long checksumAt = Esp8266Image.checksumOffset(pos);
    if (checksumAt >= bytes.length) {
      throw new ImageFormatException(source, String.format(
          "truncated image: the checksum byte belongs at offset 0x%x, file ends at 0x%x",
          checksumAt, bytes.length));
    }
    Esp8266Image image = new Esp8266Image(bytes[2] & 0xFF, bytes[3] & 0xFF, u32(bytes, 4), segments);
    return new LoadedImage(source, image, bytes[(int) checksumAt] & 0xFF, (int) checksumAt + 1, bytes.length);
  }

  private static long u32(byte[] b, int off) {
    return (b[off] & 0xFFL) | (b[off + 1] & 0xFFL) << 8 | (b[off + 2] & 0xFFL) << 16 | (b[off + 3] & 0xFFL) << 24;
  }
}
