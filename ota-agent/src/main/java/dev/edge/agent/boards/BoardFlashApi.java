package dev.edge.agent.boards;

import dev.edge.hal.board.BoardDiscovery;
import dev.edge.hal.esp.EspProbe;
import dev.edge.hal.flash.FlashException;
import dev.edge.hal.flash.Flasher;
import dev.edge.hal.gpio.Gpio;
import dev.edge.hal.gpio.GpioException;
import dev.edge.hal.gpio.Pi4jGpio;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

  private final BoardFlashing flashing;

  public BoardFlashApi(BoardDiscovery discovery) {
    this(discovery, PosixSerialPort::open, Pi4jGpio::detect);
  }

  public BoardFlashApi(BoardDiscovery discovery, PortOpener opener, GpioProvider gpio) {
    this(new BoardFlashing(discovery, opener, gpio));
  }

  public BoardFlashApi(BoardFlashing flashing) {
    this.flashing = flashing;
  }

  /** The system's flashing path, as the daemon uses it: POSIX serial ports, the Pi's GPIO. */
  public static BoardFlashing systemFlashing(BoardDiscovery discovery) {
    return new BoardFlashing(discovery, PosixSerialPort::open, Pi4jGpio::detect);
  }

  @Override
  public void register(Router router) {
    router.post(FLASH_PATH, this::flash);
    router.post(PROBE_PATH, this::probe);
  }

  private void flash(ApiExchange exchange) throws IOException {
    String id = exchange.pathParam("id");
    BoardFlashRequest request = BoardFlashRequest.parse(exchange.readJsonTree(), true);
    String path = flashing.resolvePort(id, request.port());
    try (BoardLocks.Held held = idleBoard(path);
         SerialPort port = flashing.open(path, request.baud());
         BoardFlashing.Resets resets = flashing.resets(request.before(), request.gpioPins())) {
      JsonStream stream = exchange.jsonStream(200);
      BoardFlashProgress progress = new BoardFlashProgress(stream);
      progress.send(Map.of("Status", "Connecting", "Port", path, "Baud", request.baud()));
      try {
        new Flasher(resets.sequence(), request.after(), resets.lines(), progress)
            .flash(port, request.regions(), request.settings());
      } catch (FlashException e) {
        progress.error(e.getMessage());
      } catch (UncheckedIOException clientGone) {
        // nothing left to tell anyone
      }
    }
  }

  /**
   * The board, if no job has it: a job holding a board may be between two opens of its port (download, then
   * flash), and an interactive flash must not slip in there.
   */
  private BoardLocks.Held idleBoard(String path) {
    return flashing.locks().tryAcquire(path, "edge flash").orElseThrow(() -> ApiException.conflict("board "
        + path + " is busy: " + flashing.locks().holder(path).map(h -> "job " + h).orElse("a job")
        + " has it; try again when it is done"));
  }

  private void probe(ApiExchange exchange) throws IOException {
    String id = exchange.pathParam("id");
    BoardFlashRequest request = BoardFlashRequest.parse(exchange.readJsonTree(), false);
    String path = flashing.resolvePort(id, request.port());
    List<String> warnings = new ArrayList<>();
    try (BoardLocks.Held held = idleBoard(path);
         SerialPort port = flashing.open(path, request.baud());
         BoardFlashing.Resets resets = flashing.resets(request.before(), request.gpioPins())) {
      EspProbe.Result r = EspProbe.probe(port, resets.sequence(), warnings::add);
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
}
