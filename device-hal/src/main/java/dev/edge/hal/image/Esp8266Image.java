package dev.edge.hal.image;

import java.util.List;
import java.util.Optional;

/**
 * The content of an ESP8266 "v1" (ROM-loadable) firmware image: the header fields and the segments.
 *
 * <p>Header (8 bytes): magic 0xE9, segment count, flash mode, flash size (high nibble) and frequency (low nibble),
 * entry point (LE u32). Then per segment a load address and length (LE u32 each) and the data. Then zero padding
 * so that the checksum byte, {@code 0xEF ^ XOR(all segment data)}, is the last byte of a 16-byte block.
 *
 * @param flashModeByte     header byte 2 as stored (normally a {@link FlashMode} code)
 * @param flashSizeFreqByte header byte 3 as stored (a {@link FlashSize} and a {@link FlashFrequency})
 * @param entryPoint        where the ROM jumps after loading; 0 means not set
 * @param segments          the segments in file order
 */
public record Esp8266Image(int flashModeByte, int flashSizeFreqByte, long entryPoint, List<ImageSegment> segments) {

  public static final int MAGIC = 0xE9;
  /** The ROM loads at most 16 segments (esptool's {@code verify}). */
  public static final int MAX_SEGMENTS = 16;
  public static final int HEADER_LENGTH = 8;
  public static final int SEGMENT_HEADER_LENGTH = 8;
  /** The image, checksum included, ends on this boundary. */
  public static final int FILE_ALIGNMENT = 16;

  public Esp8266Image {
    if (flashModeByte < 0 || flashModeByte > 0xFF || flashSizeFreqByte < 0 || flashSizeFreqByte > 0xFF) {
      throw new IllegalArgumentException("flash mode and size/frequency are single bytes");
    }
    if (entryPoint < 0 || entryPoint > 0xFFFFFFFFL) {
      throw new IllegalArgumentException(String.format("entry point 0x%x is not a 32-bit address", entryPoint));
    }
    if (segments.size() > MAX_SEGMENTS) {
      throw new IllegalArgumentException("an ESP8266 image holds at most " + MAX_SEGMENTS + " segments, not "
          + segments.size());
    }
    segments = List.copyOf(segments);
  }

  public Esp8266Image(FlashMode mode, FlashSize size, FlashFrequency frequency, long entryPoint,
            List<ImageSegment> segments) {
    this(mode.code(), size.bits() | frequency.bits(), entryPoint, segments);
  }

  public Optional<FlashMode> flashMode() {
    return FlashMode.fromCode(flashModeByte);
  }

  public Optional<FlashSize> flashSize() {
    return FlashSize.fromHeaderByte(flashSizeFreqByte);
  }

  public Optional<FlashFrequency> flashFrequency() {
    return FlashFrequency.fromHeaderByte(flashSizeFreqByte);
  }

  /** The checksum the ROM computes over the segment data. */
  public int computedChecksum() {
    int c = ImageChecksum.SEED;
    for (ImageSegment s : segments) {
      c = s.foldChecksum(c);
    }
    return c;
  }

  /** The number of bytes {@link Esp8266ImageWriter} produces for this image, padding and checksum included. */
  public int serializedLength() {
    long end = HEADER_LENGTH;
    for (ImageSegment s : segments) {
      end += SEGMENT_HEADER_LENGTH + s.length();
    }
    return Math.toIntExact(checksumOffset(end) + 1);
  }

  /** Where the checksum byte goes when the segments end at {@code end}: the last byte of that 16-byte block. */
  static long checksumOffset(long end) {
    return end + (FILE_ALIGNMENT - 1) - (end % FILE_ALIGNMENT);
  }

  /** The same image with the flash parameters that {@code params} does not keep replaced. */
  public Esp8266Image withFlashParams(FlashParams params) {
    int mode = params.mode().map(FlashMode::code).orElse(flashModeByte);
    int size = params.size().map(FlashSize::bits).orElse(flashSizeFreqByte & 0xF0);
    int freq = params.frequency().map(FlashFrequency::bits).orElse(flashSizeFreqByte & 0x0F);
    return new Esp8266Image(mode, size | freq, entryPoint, segments);
  }
}
