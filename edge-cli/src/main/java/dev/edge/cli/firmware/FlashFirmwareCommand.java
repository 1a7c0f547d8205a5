package dev.edge.cli.firmware;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code edge firmware flash DIR --port P|auto}: flashes the last build's images with the descriptor's settings. */
@Command(name = "flash", mixinStandardHelpOptions = true,
    description = "Flash the images of the last build of DIR at their addresses")
public final class FlashFirmwareCommand extends FirmwareJobCommand {
  @Mixin FlashTargetOptions target;

  @Override
  String type() {
    return "firmware.flash";
  }

  @Override
  void fill(Map<String, Object> document) {
    target.fill(document);
  }

  @Override
  void printResult(JsonNode result, PrintWriter out) {
    printFlash(result, out);
  }
}
