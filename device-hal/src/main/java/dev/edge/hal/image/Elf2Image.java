package dev.edge.hal.image;

import dev.edge.hal.elf.ElfBlock;
import dev.edge.hal.elf.ElfFile;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns an ESP8266 ELF executable into the files esptool's {@code elf2image --version 1} writes, byte for byte.
 *
 * <p>esptool behaviours followed (esptool v5 {@code cmds.elf2image}, {@code bin_image.ESP8266ROMFirmwareImage}):
 * <ol>
 *   <li>Input blocks are the ELF's sections (PROGBITS/INIT_ARRAY/FINI_ARRAY, address and size non-zero) in
 *       section-table order, or with {@code useSegments} its PT_LOAD segments; nothing is sorted.</li>
 *   <li>Each block's data is zero-padded to a multiple of 4 bytes.</li>
 *   <li>Neighbouring blocks merge when the next starts exactly where the previous (padded) one ends and both start
 *       in the same memory regions of esptool's ESP8266 memory map; gaps are never filled.</li>
 *   <li>More than 16 blocks in total (the IROM one included) is an error.</li>
 *   <li>A block in 0x40200000–0x40300000 is the IROM segment: more than one is an error; it is written raw
 *       (padded data only) to {@code PREFIX0x%05x.bin}, named by its offset from 0x40200000.</li>
 *   <li>All other blocks, in order, form a v1 image written to {@code PREFIX0x00000.bin}: entry point from
 *       {@code e_entry}, flash mode/size/frequency bytes from the options (defaults qio, 1MB, 40m → 0x00, 0x20),
 *       checksum seeded 0xEF, zero padding so the checksum is the last byte of a 16-byte block.</li>
 * </ol>
 * One deliberate difference: an IROM segment at exactly 0x40200000 would share the name {@code PREFIX0x00000.bin}
 * with the RAM image, and esptool silently overwrites it; this is refused instead.
 */
public final class Elf2Image {

  private static final int SEGMENT_ALIGNMENT = 4;

  /** Header settings and the choice of ELF sections or segments. */
  public record Options(FlashMode mode, FlashSize size, FlashFrequency frequency, boolean useSegments) {
    /** esptool's elf2image defaults: {@code --flash-mode qio --flash-size 1MB}, frequency 40m (code 0). */
    public static final Options DEFAULTS =
        new Options(FlashMode.QIO, FlashSize.SIZE_1MB, FlashFrequency.FREQ_40M, false);
  }

  private Elf2Image() {
  }

  public static Elf2ImageResult convert(ElfFile elf, Options options) throws ImageFormatException {
    String source = elf.source();
    List<ElfBlock> blocks = options.useSegments() ? elf.loadSegments() : elf.loadableSections();
    List<ImageSegment> padded = new ArrayList<>(blocks.size());
    for (ElfBlock b : blocks) {
      padded.add(new ImageSegment(b.address(), padTo4(b.data(), source, b)));
    }
    List<ImageSegment> merged = mergeAdjacent(padded, source);
    if (merged.size() > Esp8266Image.MAX_SEGMENTS) {
      throw new ImageFormatException(source, "invalid segment count " + merged.size() + " (max "
          + Esp8266Image.MAX_SEGMENTS + "); usually a linker script problem");
    }
    List<ImageSegment> irom = merged.stream().filter(s -> Esp8266MemoryMap.isIrom(s.loadAddress())).toList();
    if (irom.size() > 1) {
      throw new ImageFormatException(source, "found " + irom.size()
          + " segments that could be irom0 (0x40200000-0x40300000); bad ELF file? " + irom);
    }
    if (irom.size() == 1 && irom.get(0).loadAddress() == Esp8266MemoryMap.IROM_MAP_START) {
      throw new ImageFormatException(source, "the IROM segment starts at 0x40200000 (flash offset 0), where "
          + "the RAM image goes; link .irom0.text at 0x40201000 or above");
    }
    List<ImageSegment> ram = merged.stream().filter(s -> !Esp8266MemoryMap.isIrom(s.loadAddress())).toList();
    Esp8266Image image = new Esp8266Image(options.mode(), options.size(), options.frequency(), elf.entry(), ram);
    return new Elf2ImageResult(image, irom.stream().findFirst(), padded.size() - merged.size());
  }

  private static byte[] padTo4(byte[] data, String source, ElfBlock block) throws ImageFormatException {
    int paddedLength = (data.length + SEGMENT_ALIGNMENT - 1) / SEGMENT_ALIGNMENT * SEGMENT_ALIGNMENT;
    if (paddedLength > ImageSegment.MAX_LENGTH) {
      throw new ImageFormatException(source, String.format(
          "%s is 0x%x bytes; the 16 MB segment limit is exceeded", block.name(), data.length));
    }
    return paddedLength == data.length ? data : java.util.Arrays.copyOf(data, paddedLength);
  }

  /** esptool's {@code merge_adjacent_segments}: merge runs of contiguous blocks that start in the same regions. */
  static List<ImageSegment> mergeAdjacent(List<ImageSegment> segments, String source)
      throws ImageFormatException {
    List<ImageSegment> out = new ArrayList<>();
    int i = 0;
    while (i < segments.size()) {
      int j = i + 1;
      while (j < segments.size() && continues(segments.get(j - 1), segments.get(j))) {
        j++;
      }
      out.add(j == i + 1 ? segments.get(i) : concat(segments.subList(i, j), source));
      i = j;
    }
    return out;
  }

  private static boolean continues(ImageSegment previous, ImageSegment next) {
    return next.loadAddress() == previous.loadAddress() + previous.length()
        && next.memoryTypes().equals(previous.memoryTypes());
  }

  private static ImageSegment concat(List<ImageSegment> run, String source) throws ImageFormatException {
    long total = run.stream().mapToLong(ImageSegment::length).sum();
    if (total > ImageSegment.MAX_LENGTH) {
      throw new ImageFormatException(source, String.format(
          "merged segment at 0x%08x is 0x%x bytes; the 16 MB limit is exceeded", run.get(0).loadAddress(), total));
    }
    byte[] data = new byte[(int) total];
    int pos = 0;
    for (ImageSegment s : run) {
      s.copyDataTo(data, pos);
      pos += s.length();
    }
    return new ImageSegment(run.get(0).loadAddress(), data);
  }
}
