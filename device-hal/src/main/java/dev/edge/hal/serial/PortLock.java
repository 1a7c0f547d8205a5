package dev.edge.hal.serial;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A UUCP-style lock file ({@code /run/lock/LCK..ttyUSB0}, holder pid as ten ASCII digits) so two flashes never
 * share a port, even as root where TIOCEXCL does not apply. Stale locks of dead processes are taken over.
 */
final class PortLock implements AutoCloseable {
  private static final Path[] LOCK_DIRS = {Path.of("/run/lock"), Path.of("/var/lock")};
  private static final Set<Path> HELD_BY_THIS_PROCESS = ConcurrentHashMap.newKeySet();

  private final Path file;

  private PortLock(Path file) {
    this.file = file;
  }

  static PortLock acquire(String name, Path device) throws IOException {
    Path dir = lockDirectory();
    Path file = dir.resolve(lockName(device));
    long self = ProcessHandle.current().pid();
    for (int attempt = 0; attempt < 2; attempt++) {
      if (!HELD_BY_THIS_PROCESS.add(file)) {
        throw new PortBusyException(name + ": port is busy, another flash in this process (pid " + self
            + ") has it open");
      }
      Path tmp = Files.createTempFile(dir, "LTMP.", ".edge");
      try {
        Files.writeString(tmp, String.format("%10d%n", self), StandardCharsets.US_ASCII);
        Files.createLink(file, tmp);
        return new PortLock(file);
      } catch (FileAlreadyExistsException e) {
        HELD_BY_THIS_PROCESS.remove(file);
        long holder = readHolder(file);
        if (holder > 0 && holder != self && ProcessHandle.of(holder).map(ProcessHandle::isAlive).orElse(false)) {
          throw new PortBusyException(name + ": port is busy, held by " + PortHolders.describe(holder)
              + " (lock file " + file + ")");
        }
        // stale lock of a dead process (or an unreadable one): take it over
        Files.deleteIfExists(file);
      } catch (IOException | RuntimeException e) {
        HELD_BY_THIS_PROCESS.remove(file);
        throw e;
      } finally {
        Files.deleteIfExists(tmp);
      }
    }
    throw new PortBusyException(name + ": port is busy, could not take lock file " + file);
  }

  /** Lock file name for a device: path below /dev with '/' turned into '_' (LCK..ttyUSB0, LCK..pts_3). */
  static String lockName(Path device) {
    Path dev = Path.of("/dev");
    String rel = device.startsWith(dev) ? dev.relativize(device).toString() : device.toString().substring(1);
    return "LCK.." + rel.replace('/', '_');
  }

  private static Path lockDirectory() throws IOException {
    for (Path dir : LOCK_DIRS) {
      if (Files.isDirectory(dir) && Files.isWritable(dir)) {
        return dir;
      }
    }
    Path fallback = Path.of(System.getProperty("java.io.tmpdir"), "edge-locks");
    Files.createDirectories(fallback);
    return fallback;
  }

  private static long readHolder(Path file) {
    try {
      return Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim());
    } catch (NoSuchFileException e) {
      return -1;
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }

  @Override
  public void close() throws IOException {
    try {
      Files.deleteIfExists(file);
    } finally {
      HELD_BY_THIS_PROCESS.remove(file);
    }
  }
}
