package dev.edge.agent.status;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How busy and how full the gateway is, for the fleet's status: the load averages (/proc/loadavg), memory in use
 * (/proc/meminfo's MemAvailable, which counts reclaimable cache as free, as {@code free} does) and the space on
 * the daemon's disk. A value the machine does not give is left out rather than guessed.
 */
final class MachineLoad {
  private static final Path LOADAVG = Path.of("/proc/loadavg");
  private static final Path MEMINFO = Path.of("/proc/meminfo");

  private MachineLoad() {
  }

  static Map<String, Object> cpu(int cpus) {
    Map<String, Object> cpu = new LinkedHashMap<>();
    cpu.put("count", cpus);
    try {
      String[] f = Files.readString(LOADAVG).trim().split("\\s+");
      cpu.put("load1", Double.parseDouble(f[0]));
      cpu.put("load5", Double.parseDouble(f[1]));
      cpu.put("load15", Double.parseDouble(f[2]));
    } catch (IOException | RuntimeException e) {
      // not Linux, or /proc not mounted: the count alone
    }
    return cpu;
  }

  static Optional<Map<String, Object>> memory(long totalBytes) {
    try {
      for (String line : Files.readAllLines(MEMINFO)) {
        if (line.startsWith("MemAvailable:")) {
          long available = Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
          return Optional.of(Map.of("totalBytes", totalBytes, "availableBytes", available,
              "usedPercent", totalBytes > 0 ? Math.round(1000.0 * (totalBytes - available) / totalBytes) / 10.0 : 0));
        }
      }
    } catch (IOException | RuntimeException e) {
      // fall through: the total alone
    }
    return totalBytes > 0 ? Optional.of(Map.of("totalBytes", totalBytes)) : Optional.empty();
  }

  static Optional<Map<String, Object>> disk(Path dir) {
    try {
      FileStore store = Files.getFileStore(dir);
      long total = store.getTotalSpace();
      long free = store.getUsableSpace();
      Map<String, Object> disk = new LinkedHashMap<>();
      disk.put("path", dir.toString());
      disk.put("totalBytes", total);
      disk.put("freeBytes", free);
      disk.put("usedPercent", total > 0 ? Math.round(1000.0 * (total - free) / total) / 10.0 : 0);
      return Optional.of(disk);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
