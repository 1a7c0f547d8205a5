package dev.edge.cli.device;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edge.cli.UserException;
import dev.edge.cli.client.DaemonClient;
import dev.edge.cli.support.ApiCommand;
import dev.edge.cli.support.FormatOption;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code edge flash}: writes firmware to an ESP8266 through its ROM loader. The daemon owns the ports, so the
 * files go to {@code POST /edge/v1/boards/{id}/flash} and its streamed progress is printed esptool-style.
 */
@Command(name = "flash", mixinStandardHelpOptions = true,
    description = "Flash ESP8266 firmware: FILE[@ADDR] ... (address 0x0 when left out)")
public final class FlashCommand extends ApiCommand {
  static final String AUTO = "auto";

  @Option(names = {"-p", "--port"}, paramLabel = "PATH|auto", defaultValue = AUTO,
      description = "Serial port, or auto for the only attached ESP board (default ${DEFAULT-VALUE})")
  String port;

  @Option(names = {"-b", "--baud"}, paramLabel = "N", defaultValue = "115200",
      description = "Line rate; the ROM detects it from SYNC (default ${DEFAULT-VALUE})")
  int baud;

  @Option(names = "--before", paramLabel = "MODE", defaultValue = "default-reset",
      description = "default-reset (DTR/RTS), no-reset or gpio (default ${DEFAULT-VALUE})")
  String before;

  @Option(names = "--after", paramLabel = "MODE", defaultValue = "hard-reset",
      description = "hard-reset, soft-reset or no-reset (default ${DEFAULT-VALUE})")
  String after;

  @Option(names = "--flash-mode", paramLabel = "MODE", defaultValue = "keep",
      description = "qio, qout, dio, dout or keep (default ${DEFAULT-VALUE})")
  String flashMode;

  @Option(names = "--flash-size", paramLabel = "SIZE", defaultValue = "keep",
      description = "256KB, 512KB, 1MB, 2MB, 4MB, 2MB-c1, 4MB-c1, 8MB, 16MB, detect or keep"
          + " (default ${DEFAULT-VALUE})")
  String flashSize;

  @Option(names = "--flash-freq", paramLabel = "FREQ", defaultValue = "keep",
      description = "40m, 26m, 20m, 80m or keep (default ${DEFAULT-VALUE})")
  String flashFreq;

  @Option(names = "--force", description = "Flash an image at 0x0 even if it does not validate")
  boolean force;

  @Option(names = "--gpio-en", paramLabel = "BCM", description = "BCM pin wired to EN, for --before gpio")
  Integer gpioEn;

  @Option(names = "--gpio-gpio0", paramLabel = "BCM", description = "BCM pin wired to GPIO0, for --before gpio")
  Integer gpioGpio0;

  @Mixin FormatOption format;

  @Parameters(paramLabel = "FILE[@ADDR]", arity = "1..*", description = "Images and their flash addresses")
  List<String> files;

  @Override
  protected int run(DaemonClient client) {
    Map<String, Object> body = new LinkedHashMap<>();
    String id = boardId(client, body);
    body.put("Baud", baud);
    body.put("Before", before);
    body.put("After", after);
    body.put("FlashMode", flashMode);
    body.put("FlashSize", flashSize);
    body.put("FlashFreq", flashFreq);
    body.put("Force", force);
    if (gpioEn != null) {
      body.put("GpioEn", gpioEn);
    }
    if (gpioGpio0 != null) {
      body.put("GpioGpio0", gpioGpio0);
    }
    body.put("Regions", regions());
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    FlashProgressPrinter printer = new FlashProgressPrinter(out, err);
    client.stream("POST", "/edge/v1/boards/" + id + "/flash", body, line -> {
      if (format.isTable()) {
        printer.print(line);
      } else {
        out.println(line);
        out.flush();
      }
      if (line.hasNonNull("error")) {
        printer.fail(line.path("error").asText());
      }
    });
    if (printer.failure() != null) {
      throw new UserException(printer.failure());
    }
    if (!printer.done()) {
      throw new UserException("flash: the daemon ended the progress report before the flash was done");
    }
    return 0;
  }

  /** The board id for the URL; an explicit path also goes into the body, since it may live outside /dev. */
  private String boardId(DaemonClient client, Map<String, Object> body) {
    if (!AUTO.equals(port)) {
      Path path = Path.of(port).toAbsolutePath();
      body.put("Port", path.toString());
      return path.getFileName().toString();
    }
    JsonNode boards = client.get(BoardsCommand.PATH);
    List<JsonNode> esp = new ArrayList<>();
    boards.forEach(b -> {
      if (b.path("LikelyEsp").asBoolean()) {
        esp.add(b);
      }
    });
    if (esp.size() == 1) {
      return esp.get(0).path("Id").asText();
    }
    if (esp.isEmpty()) {
      throw new UserException("flash --port auto: no ESP board is attached (no known USB-serial bridge found);"
          + " `edge boards` lists the serial ports, pass one with --port PATH");
    }
    StringJoiner choices = new StringJoiner(", ");
    esp.forEach(b -> choices.add(b.path("Port").asText() + " (" + b.path("Bridge").asText() + ")"));
    throw new UserException("flash --port auto: " + esp.size() + " ESP boards are attached: " + choices
        + "; pick one with --port PATH");
  }

  private List<Map<String, Object>> regions() {
    List<Map<String, Object>> regions = new ArrayList<>();
    for (String spec : files) {
      int at = spec.lastIndexOf('@');
      String file = at < 0 ? spec : spec.substring(0, at);
      long address = at < 0 ? 0 : parseAddress(spec.substring(at + 1), spec);
      byte[] data;
      try {
        data = Files.readAllBytes(Path.of(file));
      } catch (NoSuchFileException e) {
        throw new UserException("flash: " + file + ": no such file");
      } catch (IOException e) {
        throw new UserException("flash: " + file + ": " + e.getMessage());
      }
      if (data.length == 0) {
        throw new UserException("flash: " + file + " is empty");
      }
      Map<String, Object> region = new LinkedHashMap<>();
      region.put("Name", Path.of(file).getFileName().toString());
      region.put("Address", address);
      region.put("Data", Base64.getEncoder().encodeToString(data));
      regions.add(region);
    }
    return regions;
  }

  static long parseAddress(String text, String spec) {
    try {
      String t = text.trim().toLowerCase();
      long value = t.startsWith("0x") ? Long.parseLong(t.substring(2), 16) : Long.parseLong(t);
      if (value < 0) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new UserException("flash: " + spec + ": '" + text + "' is not a flash address (use e.g. 0x10000)");
    }
  }
}
