package dev.edge.cli.firmware;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code edge firmware flash DIR --port P|auto}: flashes the last build's images with the descriptor's settings. */
@Command(name = "flash", mixinStandardHelpOptions = true,
    description = "Flash the images of the last build of DIR at their addresses")
public final class FlashFirmwareCommand extends FirmwareJobCommand {
  @Option(names = {"-p", "--port"}, paramLabel = "PATH|auto", defaultValue = "auto",
      description = "Serial port, or auto for the only attached ESP board (default ${DEFAULT-VALUE})")
  String port;

  @Option(names = "--before", paramLabel = "MODE", defaultValue = "default-reset",
      description = "default-reset (DTR/RTS), no-reset or gpio (default ${DEFAULT-VALUE})")
  String before;

  @Option(names = "--after", paramLabel = "MODE", defaultValue = "hard-reset",
      description = "hard-reset, soft-reset or no-reset (default ${DEFAULT-VALUE})")
  String after;

  @Override
  String type() {
    return "firmware.flash";
  }

  @Override
  void fill(Map<String, Object> document) {
    document.put("port", absolutePort(port));
    document.put("before", before);
    document.put("after", after);
  }

  @Override
  void printResult(JsonNode result, PrintWriter out) {
    printFlash(result, out);
  }
}
