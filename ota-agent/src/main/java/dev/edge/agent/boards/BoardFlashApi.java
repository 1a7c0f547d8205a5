package dev.edge.agent.boards;

import dev.edge.hal.board.BoardDiscovery;
import dev.edge.hal.board.BoardPort;
import dev.edge.hal.esp.EspProbe;
import dev.edge.hal.flash.FlashException;
import dev.edge.hal.flash.Flasher;
import dev.edge.hal.gpio.Gpio;
import dev.edge.hal.gpio.GpioException;
import dev.edge.hal.gpio.Pi4jGpio;
import dev.edge.hal.reset.BeforeMode;
import dev.edge.hal.reset.BootloaderReset;
import dev.edge.hal.reset.GpioLines;
import dev.edge.hal.reset.NoReset;
import dev.edge.hal.serial.PortAccessException;
import dev.edge.hal.serial.PortBusyException;
import dev.edge.hal.serial.PosixSerialPort;
import dev.edge.hal.serial.SerialPort;
import dev.edge.runtime.api.ApiException;
import dev.edge.runtime.api.ApiExchange;
import dev.edge.runtime.api.ApiModule;
import dev.edge.runtime.api.JsonStream;
import dev.edge.runtime.api.Router;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /edge/v1/boards/{id}/flash} (streamed progress, one JSON object per line) and
 * {@code POST /edge/v1/boards/{id}/probe} (chip, MAC, flash size). The daemon owns the ports: it opens them
 * exclusively, so two flashes of one board get a 409 instead of interleaving.
 */
public final class BoardFlashApi implements ApiModule {
  public static final String FLASH_PATH = "/edge/v1/boards/{id}/flash";
  public static final String PROBE_PATH = "/edge/v1/boards/{id}/probe";

  /** Opens a serial port; the daemon uses {@link PosixSerialPort}. */
  @FunctionalInterface
  public interface PortOpener {
    SerialPort open(String path, int baud) throws IOException;
  }

  /** Claims the Pi's GPIO lines for --before gpio. */
  @FunctionalInterface
  public interface GpioProvider {
    Gpio open() throws GpioException;
  }

  private final BoardDiscovery discovery;
  private final PortOpener opener;
  private final GpioProvider gpio;

  public BoardFlashApi(BoardDiscovery discovery) {
    this(discovery, PosixSerialPort::open, Pi4jGpio::detect);
  }

  public BoardFlashApi(BoardDiscovery discovery, PortOpener opener, GpioProvider gpio) {
    this.discovery = discovery;
    this.opener = opener;
    this.gpio = gpio;
  }

  @Override
  public void register(Router router) {
    router.post(FLASH_PATH, this::flash);
    router.post(PROBE_PATH, this::probe);
  }

  private void flash(ApiExchange exchange) throws IOException {
    String id = exchange.pathParam("id");
    BoardFlashRequest request = BoardFlashRequest.parse(exchange.readJsonTree(), true);
    String path = resolvePort(id, request.port());
    try (SerialPort port = open(path, request.baud()); Resets resets = resets(request)) {
      JsonStream stream = exchange.jsonStream(200);
      BoardFlashProgress progress = new BoardFlashProgress(stream);
      progress.send(Map.of("Status", "Connecting", "Port", path, "Baud", request.baud()));
      try {
        new Flasher(resets.sequence, request.after(), resets.lines, progress)
            .flash(port, request.regions(), request.settings());
      } catch (FlashException e) {
        progress.error(e.getMessage());
      } catch (UncheckedIOException clientGone) {
        // nothing left to tell anyone
      }
    }
  }

  private void probe(ApiExchange exchange) throws IOException {
    String id = exchange.pathParam("id");
    BoardFlashRequest request = BoardFlashRequest.parse(exchange.readJsonTree(), false);
    String path = resolvePort(id, request.port());
    List<String> warnings = new ArrayList<>();
    try (SerialPort port = open(path, request.baud()); Resets resets = resets(request)) {
      EspProbe.Result r = EspProbe.probe(port, resets.sequence, warnings::add);
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("Id", id);
      body.put("Port", path);
      body.put("Chip", r.chip().description());
      body.put("Mac", r.chip().mac());
      body.put("ChipId", r.chip().chipId());
      if (r.flashSizeBytes() > 0) {
        body.put("FlashSize", r.flashSizeBytes());
      }
      body.put("Warnings", warnings);
      exchange.json(200, body);
    } catch (PortBusyException | PortAccessException | ApiException e) {
      throw e instanceof ApiException a ? a : ApiException.conflict(e.getMessage());
    } catch (IOException e) {
      throw new ApiException(502, "probe " + path + ": " + e.getMessage(), e);
    }
  }

  /** The board's device path: the body's Port when given, else the discovered board or /dev/{id}. */
  private String resolvePort(String id, String explicit) {
    try {
      if (explicit != null) {
        BoardPort described = discovery.describe(explicit);
        String base = Path.of(explicit).getFileName().toString();
        if (!id.equals(base) && !id.equals(described.id())) {
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
      throw ApiException.notFound("no board " + id + ": " + (e.getReason() == null ? "no such port"
          : e.getReason()));
    } catch (IOException e) {
      throw new ApiException(500, "board " + id + ": " + e.getMessage(), e);
    }
  }

  private SerialPort open(String path, int baud) {
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

  private Resets resets(BoardFlashRequest request) {
    return switch (request.before()) {
      case DEFAULT_RESET -> new Resets(BeforeMode.dtrRtsSequence(), null, null);
      case NO_RESET -> new Resets(List.of(NoReset.INSTANCE), null, null);
      case GPIO -> {
        Gpio g = null;
        try {
          g = gpio.open();
          GpioLines lines = GpioLines.open(g, request.gpioPins());
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

  /** The reset strategies of one request and the GPIO it holds while it runs. */
  private record Resets(List<BootloaderReset> sequence, GpioLines lines, Gpio gpio) implements AutoCloseable {
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
