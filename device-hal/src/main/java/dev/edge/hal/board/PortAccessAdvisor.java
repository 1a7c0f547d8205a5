package dev.edge.hal.board;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Explains why a serial port cannot be opened and what to do about it: the device's group (dialout on Debian,
 * uucp on Arch) that the user is not in, a group membership that the current login session predates, and
 * ModemManager, which probes new ttyUSB/ttyACM ports and disturbs the ROM loader (reference §5). Roots are
 * injectable so tests run on a fake /proc and /etc/group.
 */
public final class PortAccessAdvisor {

  private final Path rootDir;
  private final Path procRoot;
  private final String userName;

  /**
   * @param rootDir  where {@code etc/group} and {@code .dockerenv} are looked up ({@code /} in production)
   * @param procRoot {@code /proc} in production
   * @param userName the user to advise
   */
  public PortAccessAdvisor(Path rootDir, Path procRoot, String userName) {
    this.rootDir = rootDir;
    this.procRoot = procRoot;
    this.userName = userName;
  }

  /** The advisor for this process on this machine. */
  public static PortAccessAdvisor system() {
    return new PortAccessAdvisor(Path.of("/"), Path.of("/proc"), System.getProperty("user.name", ""));
  }

  /** Why opening a port failed, as the serial layer learned it from errno. */
  public enum OpenFailure {
    /** EACCES or EPERM. */
    PERMISSION_DENIED,
    /** EBUSY, or the port is locked or opened exclusively by someone else. */
    BUSY,
    /** ENOENT, ENODEV, ENXIO: the port is gone or never was. */
    NO_DEVICE,
    OTHER
  }

  /**
   * A complete message for a failed open: {@code "open /dev/ttyUSB0: Permission denied. <what to do>"}.
   *
   * @param cause the system's reason, e.g. the strerror text
   */
  public String explainOpenFailure(Path port, String cause, OpenFailure failure, Optional<UsbDevice> usb) {
    List<String> advice = advise(port, failure, usb);
    String head = "open " + port + ": " + cause;
    return advice.isEmpty() ? head : head + ". " + String.join(" ", advice);
  }

  /** What stands between this user and the port, each with its fix; empty if nothing is found. */
  public List<String> advise(Path port, OpenFailure failure, Optional<UsbDevice> usb) {
    List<String> advice = new ArrayList<>();
    if (failure == OpenFailure.NO_DEVICE || !Files.exists(port)) {
      advice.add("The port does not exist: is the board plugged in? `edge boards` lists the ports.");
      return advice;
    }
    if (failure == OpenFailure.PERMISSION_DENIED) {
      advice.add(groupAdvice(port));
    }
    if (failure == OpenFailure.BUSY) {
      advice.add("Another program has the port open: a serial monitor (screen, minicom, `pio device monitor`), "
          + "ModemManager or another flash; `fuser -v " + port + "` shows which.");
    }
    if (modemManagerRunning() && !port.toString().startsWith("/dev/pts/")) {
      advice.add(modemManagerAdvice(usb));
    }
    return advice;
  }

  /**
   * A warning for when a board does not answer, if ModemManager is running: it may have probed the port and
   * confused the ROM loader. Empty when ModemManager is not running.
   */
  public Optional<String> modemManagerWarning(Optional<UsbDevice> usb) {
    return modemManagerRunning() ? Optional.of(modemManagerAdvice(usb)) : Optional.empty();
  }

  private String groupAdvice(Path port) {
    Optional<String> group = groupOf(port);
    if (group.isEmpty()) {
      return "This user cannot read and write " + port + "; check its owner and mode (ls -l " + port + ").";
    }
    String g = group.get();
    boolean listed = members(g).contains(userName);
    boolean inSession = sessionGroupIds().contains(gidOf(port).orElse(-1));
    if (listed && !inSession) {
      return "User " + userName + " is in group " + g + ", but this login session started before that: log out "
          + "and back in (or run `newgrp " + g + "`).";
    }
    String fix = "Add user " + userName + " to group " + g + " that owns " + port + ": `sudo usermod -aG " + g
        + " " + userName + "`, then log out and back in.";
    if (Files.exists(rootDir.resolve(".dockerenv"))) {
      fix += " In a container, pass the host's group id: `--group-add $(getent group " + g
          + " | cut -d: -f3)`.";
    }
    return fix;
  }

  private static String modemManagerAdvice(Optional<UsbDevice> usb) {
    String match = usb.map(u -> String.format("ATTRS{idVendor}==\"%04x\", ATTRS{idProduct}==\"%04x\", ",
        u.vendorId(), u.productId())).orElse("");
    return "ModemManager is running and probes new serial ports, which disturbs the ESP8266 ROM loader: stop it "
        + "(`sudo systemctl disable --now ModemManager`) or make it ignore the board with a udev rule such as "
        + "`" + match + "ENV{ID_MM_DEVICE_IGNORE}=\"1\"` in /etc/udev/rules.d/99-edge-esp.rules.";
  }

  /** True when a process named ModemManager runs. */
  public boolean modemManagerRunning() {
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(procRoot, p -> isNumeric(p))) {
      for (Path proc : procs) {
        try {
          if (Files.readString(proc.resolve("comm"), StandardCharsets.UTF_8).strip().equals("ModemManager")) {
            return true;
          }
        } catch (IOException exitedMeanwhile) {
          // the process ended between listing and reading
        }
      }
    } catch (IOException e) {
      return false;
    }
    return false;
  }

  private Optional<String> groupOf(Path port) {
    Optional<Integer> gid = gidOf(port);
    if (gid.isEmpty()) {
      return Optional.empty();
    }
    for (String[] entry : groupEntries()) {
      if (entry.length >= 3 && entry[2].equals(String.valueOf(gid.get()))) {
        return Optional.of(entry[0]);
      }
    }
    return Optional.empty();
  }

  private static Optional<Integer> gidOf(Path port) {
    try {
      return Optional.of((Integer) Files.getAttribute(port, "unix:gid"));
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private Set<String> members(String group) {
    for (String[] entry : groupEntries()) {
      if (entry[0].equals(group) && entry.length >= 4) {
        return Arrays.stream(entry[3].split(",")).map(String::strip).collect(Collectors.toSet());
      }
    }
    return Set.of();
  }

  private List<String[]> groupEntries() {
    try {
      return Files.readAllLines(rootDir.resolve("etc/group"), StandardCharsets.UTF_8).stream()
          .filter(l -> !l.isBlank() && !l.startsWith("#"))
          .map(l -> l.split(":", -1))
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  /** The groups of this process, from the {@code Groups:} line of {@code /proc/self/status}. */
  private Set<Integer> sessionGroupIds() {
    try {
      for (String line : Files.readAllLines(procRoot.resolve("self/status"), StandardCharsets.UTF_8)) {
        if (line.startsWith("Groups:")) {
          return Arrays.stream(line.substring("Groups:".length()).trim().split("\\s+"))
              .filter(s -> !s.isEmpty())
              .map(Integer::valueOf)
              .collect(Collectors.toSet());
        }
      }
    } catch (IOException | NumberFormatException e) {
      return Set.of();
    }
    return Set.of();
  }

  private static boolean isNumeric(Path p) {
    String name = p.getFileName().toString();
    return !name.isEmpty() && name.chars().allMatch(Character::isDigit);
  }
}
