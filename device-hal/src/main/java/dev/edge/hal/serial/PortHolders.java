package dev.edge.hal.serial;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Finds which processes have a device open, by walking /proc/PID/fd as fuser does. */
final class PortHolders {
  private static final Path PROC = Path.of("/proc");

  private PortHolders() {
  }

  /** Descriptions like "pid 812 (ModemManager)" of the processes that hold {@code device}, except ourselves. */
  static List<String> of(Path device) {
    List<String> holders = new ArrayList<>();
    long self = ProcessHandle.current().pid();
    try (DirectoryStream<Path> pids = Files.newDirectoryStream(PROC, "[0-9]*")) {
      for (Path pidDir : pids) {
        long pid = Long.parseLong(pidDir.getFileName().toString());
        if (pid != self && holds(pidDir, device)) {
          holders.add(describe(pid));
        }
      }
    } catch (IOException | RuntimeException e) {
      // best effort: the caller still reports the port as busy
    }
    return holders;
  }

  static String describe(long pid) {
    return "pid " + pid + " (" + command(pid) + ")";
  }

  static String command(long pid) {
    try {
      byte[] raw = Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("cmdline"));
      String cmd = new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').trim();
      if (!cmd.isEmpty()) {
        return cmd.length() > 80 ? cmd.substring(0, 77) + "..." : cmd;
      }
      return Files.readString(PROC.resolve(Long.toString(pid)).resolve("comm")).trim();
    } catch (IOException e) {
      return "unknown command";
    }
  }

  private static boolean holds(Path pidDir, Path device) {
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(pidDir.resolve("fd"))) {
      for (Path fd : fds) {
        try {
          if (Files.readSymbolicLink(fd).equals(device)) {
            return true;
          }
        } catch (IOException e) {
          // descriptor closed while we looked
        }
      }
    } catch (IOException | SecurityException e) {
      // not our process to inspect
    }
    return false;
  }
}
