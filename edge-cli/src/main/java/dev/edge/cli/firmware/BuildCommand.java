package dev.edge.cli.firmware;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code edge firmware build DIR}: builds in the toolchain container; outputs and provenance in DIR/build/edge. */
@Command(name = "build", mixinStandardHelpOptions = true,
    description = "Build a firmware project in its toolchain container (outputs in DIR/build/edge)")
public final class BuildCommand extends FirmwareJobCommand {
  @Option(names = "--no-cache", description = "Build even when nothing changed since the last build")
  boolean noCache;

  @Override
  String type() {
    return "firmware.build";
  }

  @Override
  void fill(Map<String, Object> document) {
    document.put("noCache", noCache);
    addOwner(document);
  }

  @Override
  void printResult(JsonNode result, PrintWriter out) {
    printBuild(result, out);
  }
}
