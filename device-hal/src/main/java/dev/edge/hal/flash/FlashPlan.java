package dev.edge.hal.flash;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * Regions checked and shaped for the ROM: sorted by address, started on a sector boundary (like esptool, the
 * bytes before an unaligned address are erased), padded to 4 bytes, never sharing a sector, inside the flash.
 */
public final class FlashPlan {
  private static final int WORD = 4;

  private final List<FlashRegion> regions;

  private FlashPlan(List<FlashRegion> regions) {
    this.regions = List.copyOf(regions);
  }

  /**
   * @param flashSize flash size in bytes, or -1 when unknown (no end check then)
   * @param sectorSize erase unit of the chip
   */
  public static FlashPlan of(String port, List<FlashRegion> requested, long flashSize, int sectorSize,
                Consumer<String> warnings) throws FlashException {
    if (requested.isEmpty()) {
      throw new FlashException("flash " + port + ": nothing to flash; give FILE[@ADDR] arguments");
    }
    List<FlashRegion> sorted = new ArrayList<>(requested);
    sorted.sort(Comparator.comparingLong(FlashRegion::address));
    List<FlashRegion> shaped = new ArrayList<>();
    for (int i = 0; i < sorted.size(); i++) {
      FlashRegion r = sorted.get(i);
      if (r.data().length == 0) {
        throw new FlashException("flash " + port + ": region " + r.label() + " is empty");
      }
      if (i > 0) {
        FlashRegion a = sorted.get(i - 1);
        if (r.address() < a.end()) {
          throw new FlashException(String.format("flash %s: regions %s (0x%x-0x%x) and %s (0x%x-0x%x) overlap",
              port, a.label(), a.address(), a.end(), r.label(), r.address(), r.end()));
        }
        if (r.address() < roundUp(a.end(), sectorSize)) {
          throw new FlashException(String.format("flash %s: regions %s and %s share the flash sector at 0x%x;"
              + " the ROM erases whole 0x%x-byte sectors, so one would wipe the other", port, a.label(),
              r.label(), r.address() / sectorSize * sectorSize, sectorSize));
        }
      }
      shaped.add(shape(r, sectorSize, warnings));
    }
    if (flashSize > 0) {
      for (FlashRegion r : shaped) {
        if (r.end() > flashSize) {
          throw new FlashException(String.format("flash %s: region %s ends at 0x%x, past the end of the"
              + " %s flash (0x%x)", port, r.label(), r.end(), sizeText(flashSize), flashSize));
        }
      }
    }
    return new FlashPlan(shaped);
  }

  private static FlashRegion shape(FlashRegion r, int sectorSize, Consumer<String> warnings) {
    long start = r.address() - r.address() % sectorSize;
    int lead = (int) (r.address() - start);
    if (lead > 0) {
      warnings.accept(String.format("%s: flash address 0x%08x is not aligned to a 0x%x-byte sector;"
          + " 0x%x bytes before it will be erased", r.label(), r.address(), sectorSize, lead));
    }
    int length = (int) roundUp(lead + r.data().length, WORD);
    if (lead == 0 && length == r.data().length) {
      return r;
    }
    byte[] data = new byte[length];
    Arrays.fill(data, (byte) 0xFF);
    System.arraycopy(r.data(), 0, data, lead, r.data().length);
    return new FlashRegion(r.label(), start, data);
  }

  private static long roundUp(long value, int unit) {
    return (value + unit - 1) / unit * unit;
  }

  static String sizeText(long bytes) {
    return bytes >= (1 << 20) && bytes % (1 << 20) == 0 ? (bytes >> 20) + "MB" : (bytes >> 10) + "KB";
  }

  public List<FlashRegion> regions() {
    return regions;
  }

  public long totalBytes() {
    return regions.stream().mapToLong(r -> r.data().length).sum();
  }
}
