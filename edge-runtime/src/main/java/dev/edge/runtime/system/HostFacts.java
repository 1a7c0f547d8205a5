package dev.edge.runtime.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** What the machine is: kernel, OS, CPU architecture, memory, cgroups. Read from /proc and /sys. */
public record HostFacts(
    String hostname,
    String kernelVersion,
    String operatingSystem,
    String osVersion,
    String machine,
    String goArch,
    int cpus,
    long memTotalBytes,
    String cgroupVersion,
    boolean overlaySupported) {

  public static HostFacts read() {
    String machine = firstLine(Path.of("/proc/sys/kernel/arch"), machineFromJava());
    return new HostFacts(
        firstLine(Path.of("/proc/sys/kernel/hostname"), "localhost"),
        firstLine(Path.of("/proc/sys/kernel/osrelease"), System.getProperty("os.version")),
        osRelease("PRETTY_NAME", "Linux"),
        osRelease("VERSION_ID", ""),
        machine,
        goArch(machine),
        Runtime.getRuntime().availableProcessors(),
        memTotal(),
        Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers")) ? "2" : "1",
        contains(Path.of("/proc/filesystems"), "\toverlay"));
  }

  /** Docker reports the CPU as Go names it: amd64, arm64, arm. */
  public static String goArch(String machine) {
    String m = machine.toLowerCase(Locale.ROOT);
    if (m.equals("x86_64") || m.equals("amd64")) {
      return "amd64";
    }
    if (m.equals("aarch64") || m.equals("arm64")) {
      return "arm64";
    }
    if (m.startsWith("arm")) {
      return "arm";
    }
    if (m.matches("i[3-6]86")) {
      return "386";
    }
    return m;
  }

  /** The ARM variant (v6, v7, v8) Docker uses to pick an image, or empty elsewhere. */
  public String armVariant() {
    String m = machine.toLowerCase(Locale.ROOT);
    if (m.equals("aarch64") || m.equals("arm64")) {
      return "v8";
    }
    if (m.startsWith("armv") && m.length() >= 5 && Character.isDigit(m.charAt(4))) {
      return "v" + m.charAt(4);
    }
    return "";
  }

  private static String machineFromJava() {
    String arch = System.getProperty("os.arch");
    return switch (arch) {
      case "amd64" -> "x86_64";
      case "arm" -> "armv7l";
      default -> arch;
    };
  }

  private static long memTotal() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024L;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // fall through: an unknown total is reported as 0, as Docker does
    }
    return 0;
  }

  private static String osRelease(String key, String fallback) {
    for (String file : List.of("/etc/os-release", "/usr/lib/os-release")) {
      try {
        for (String line : Files.readAllLines(Path.of(file))) {
          if (line.startsWith(key + "=")) {
            return line.substring(key.length() + 1).replaceAll("^\"|\"$", "");
          }
        }
      } catch (IOException e) {
        // try the next file
      }
    }
    return fallback;
  }

  private static String firstLine(Path file, String fallback) {
    try {
      return Files.readString(file).strip();
    } catch (IOException e) {
      return fallback;
    }
  }

  private static boolean contains(Path file, String needle) {
    try {
      return Files.readString(file).contains(needle);
    } catch (IOException e) {
      return false;
    }
  }
}
