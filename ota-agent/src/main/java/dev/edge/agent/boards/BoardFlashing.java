package dev.edge.agent.boards;

import dev.edge.hal.board.BoardDiscovery;
import dev.edge.hal.board.BoardPort;
import dev.edge.hal.flash.FlashException;
import dev.edge.hal.flash.FlashListener;
import dev.edge.hal.flash.FlashRegion;
import dev.edge.hal.flash.FlashSettings;
import dev.edge.hal.flash.Flasher;
import dev.edge.hal.flash.RegionSummary;
import dev.edge.hal.gpio.Gpio;
import dev.edge.hal.gpio.GpioException;
import dev.edge.hal.reset.AfterMode;
import dev.edge.hal.reset.BeforeMode;
import dev.edge.hal.reset.BootloaderReset;
import dev.edge.hal.reset.GpioLines;
import dev.edge.hal.reset.GpioResetPins;
import dev.edge.hal.reset.NoReset;
import dev.edge.hal.serial.PortAccessException;
import dev.edge.hal.serial.PortBusyException;
import dev.edge.hal.serial.SerialPort;
import dev.edge.runtime.api.ApiException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * The daemon's one way to flash a board, shared by {@code POST /edge/v1/boards/{id}/flash} and the firmware
 * jobs: find the port (by board id, explicit path or {@code auto}), open it exclusively, claim the reset lines,
 * run the {@link Flasher}. Failures before the flash starts are {@link ApiException}s with the status the API
 * answers (404 no such board, 409 port busy, 403 no access), whose messages the jobs report as they are.
 */
public final class BoardFlashing {
  /** The port name meaning "the only attached ESP board". */
  public static final String AUTO = "auto";

  private final BoardDiscovery discovery;
  private final BoardFlashApi.PortOpener opener;
  private final BoardFlashApi.GpioProvider gpio;
  // here because this is the one flashing path: every job that reaches a board through it shares the locks
  private final BoardLocks locks = new BoardLocks();

  public BoardFlashing(BoardDiscovery discovery, BoardFlashApi.PortOpener opener,
      BoardFlashApi.GpioProvider gpio) {
    this.discovery = discovery;
    this.opener = opener;
    this.gpio = gpio;
  }

  /** What a flash needs besides the images: the port and how to reset into and out of the ROM loader. */
  public record Target(String port, int baud, BeforeMode before, AfterMode after, GpioResetPins gpioPins) {}

  /** Flashes {@code regions} through {@code target}: the whole path, for callers without a stream to open. */
  public List<RegionSummary> flash(Target target, List<FlashRegion> regions, FlashSettings settings,
      FlashListener listener) throws FlashException {
    String path = AUTO.equals(target.port()) ? autoPort() : resolvePort(null, target.port());
    try (SerialPort port = open(path, target.baud()); Resets resets = resets(target.before(), target.gpioPins())) {
      return new Flasher(resets.sequence(), target.after(), resets.lines(), listener).flash(port, regions, settings);
    } catch (FlashException e) {
      throw e; // names the port already
    } catch (IOException e) {
      throw new FlashException("flash " + path + ": " + e.getMessage(), e);
    }
  }

  /** Who holds which board: one job at a time per board, for every job that flashes or resets through here. */
  public BoardLocks locks() {
    return locks;
  }

  /** The ports of the attached boards that look like ESPs (a known USB-serial bridge), in natural order. */
  public List<String> espPorts() {
    try {
      return discovery.list().stream().filter(BoardPort::likelyEspBoard).map(BoardPort::port).toList();
    } catch (IOException e) {
      throw new ApiException(500, "listing the boards failed: " + e.getMessage(), e);
    }
  }

  /** The port of the only attached board that looks like an ESP (a known USB-serial bridge). */
  public String autoPort() {
    List<BoardPort> esp;
    try {
      esp = discovery.list().stream().filter(BoardPort::likelyEspBoard).toList();
    } catch (IOException e) {
      throw new ApiException(500, "--port auto: listing the boards failed: " + e.getMessage(), e);
    }
    if (esp.size() == 1) {
      return esp.get(0).port();
    }
    if (esp.isEmpty()) {
      throw ApiException.notFound("--port auto: no ESP board is attached (no known USB-serial bridge found);"
          + " `edge boards` lists the serial ports, pass one with --port PATH");
    }
    StringJoiner choices = new StringJoiner(", ");
    esp.forEach(b -> choices.add(b.port() + b.bridge().map(br -> " (" + br.displayName() + ")").orElse("")));
    throw ApiException.conflict("--port auto: " + esp.size() + " ESP boards are attached: " + choices
        + "; pick one with --port PATH");
  }

  /**
   * The board's device path: {@code explicit} when given (and, with an id, naming that board), else the
   * discovered board {@code id} or /dev/{id}.
   */
  public String resolvePort(String id, String explicit) {
    String name = id != null ? id : explicit;
    try {
      if (explicit != null) {
        BoardPort described = discovery.describe(explicit);
        String base = Path.of(explicit).getFileName().toString();
        if (id != null && !id.equals(base) && !id.equals(described.id())) {
          throw ApiException.badRequest("Port " + explicit + " is not board " + id);
        }
        return explicit;
      }
      Optional<BoardPort> known = discovery.list().stream().filter(b -> b.id().equals(id)).findFirst();
      if (known.isPresent()) {
        return known.get().port();
      }
      return discovery.describe(discovery.devRoot().resolve(id).toString()).port();
    } catch (NoSuchFileException e) {
      throw ApiException.notFound("no board " + name + ": " + (e.getReason() == null ? "no such port"
          : e.getReason()));
    } catch (IOException e) {
      throw new ApiException(500, "board " + name + ": " + e.getMessage(), e);
    }
  }

  /** Opens the port exclusively; a port another program holds is a 409 naming it. */
  public SerialPort open(String path, int baud) {
    try {
      return opener.open(path, baud);
    } catch (PortBusyException e) {
      throw ApiException.conflict(e.getMessage());
    } catch (PortAccessException e) {
      throw new ApiException(403, e.getMessage(), e);
    } catch (IOException e) {
      throw new ApiException(500, e.getMessage(), e);
    }
  }

  /** The reset strategies for {@code before}, holding the GPIO lines while they are in use. */
  public Resets resets(BeforeMode before, GpioResetPins pins) {
    return switch (before) {
      case DEFAULT_RESET -> new Resets(BeforeMode.dtrRtsSequence(), null, null);
      case NO_RESET -> new Resets(List.of(NoReset.INSTANCE), null, null);
      case GPIO -> {
        Gpio g = null;
        try {
          g = gpio.open();
          GpioLines lines = GpioLines.open(g, pins);
          yield new Resets(BeforeMode.gpioSequence(lines), lines, g);
        } catch (GpioException e) {
          closeQuietly(g);
          throw new ApiException(500, "--before gpio: " + e.getMessage(), e);
        }
      }
    };
  }

  private static void closeQuietly(Gpio g) {
    if (g != null) {
      try {
        g.close();
      } catch (GpioException e) {
        // already failing
      }
    }
  }

  /** The reset strategies of one flash and the GPIO it holds while it runs. */
  public record Resets(List<BootloaderReset> sequence, GpioLines lines, Gpio gpio) implements AutoCloseable {
    @Override
    public void close() throws GpioException {
      if (gpio != null) {
        try {
          lines.close();
        } finally {
          gpio.close();
        }
      }
    }
  }
}
