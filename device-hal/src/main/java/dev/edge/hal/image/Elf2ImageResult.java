package dev.edge.hal.image;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What elf2image produced: the RAM image for flash offset 0 and, if the ELF has one, the raw IROM segment.
 *
 * @param ramImage       the v1 image holding every non-IROM segment
 * @param irom           the IROM segment (data padded to 4 bytes), if any
 * @param mergedSections how many ELF sections were merged into their neighbours
 */
public record Elf2ImageResult(Esp8266Image ramImage, Optional<ImageSegment> irom, int mergedSections) {

  /** The flash offset of the IROM file: its load address minus 0x40200000. */
  public Optional<Long> iromFlashOffset() {
    return irom.map(s -> s.loadAddress() - Esp8266MemoryMap.IROM_MAP_START);
  }

  /** File name suffix for data flashed at {@code offset}, esptool's {@code "%#07x.bin"}: 0x00000.bin, 0x10000.bin. */
  public static String fileSuffix(long offset) {
    return String.format("0x%05x.bin", offset);
  }

  /** Flash offset → file content, in the order esptool writes them (IROM file first). */
  public Map<Long, byte[]> filesByOffset() {
    Map<Long, byte[]> files = new LinkedHashMap<>();
    irom.ifPresent(s -> files.put(s.loadAddress() - Esp8266MemoryMap.IROM_MAP_START, s.data()));
    files.put(0L, Esp8266ImageWriter.toBytes(ramImage));
    return files;
  }

  /** A file elf2image wrote: where it goes in flash, where it is, how long it is. */
  public record WrittenFile(long flashOffset, Path path, int length) {
  }

  /** Writes {@code PREFIX0x00000.bin} and the IROM file next to it, in esptool's order. */
  public List<WrittenFile> writeFiles(String prefix) throws IOException {
    List<WrittenFile> written = new ArrayList<>();
    for (Map.Entry<Long, byte[]> f : filesByOffset().entrySet()) {
      Path path = Path.of(prefix + fileSuffix(f.getKey()));
      AtomicFiles.write(path, f.getValue());
      written.add(new WrittenFile(f.getKey(), path, f.getValue().length));
    }
    return written;
  }
}
