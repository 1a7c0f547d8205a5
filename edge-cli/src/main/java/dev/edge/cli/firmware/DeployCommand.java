package dev.edge.cli.firmware;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code edge firmware deploy DIR --port P|auto}: build (cached when nothing changed), flash, record. */
@Command(name = "deploy", mixinStandardHelpOptions = true,
    description = "Build DIR, flash it, and report what was written")
public final class DeployCommand extends FirmwareJobCommand {
  @Option(names = {"-p", "--port"}, paramLabel = "PATH|auto", defaultValue = "auto",
      description = "Serial port, or auto for the only attached ESP board (default ${DEFAULT-VALUE})")
  String port;

  @Option(names = "--no-cache", description = "Build even when nothing changed since the last build")
  boolean noCache;

  @Option(names = "--before", paramLabel = "MODE", defaultValue = "default-reset",
      description = "default-reset (DTR/RTS), no-reset or gpio (default ${DEFAULT-VALUE})")
  String before;

  @Option(names = "--after", paramLabel = "MODE", defaultValue = "hard-reset",
      description = "hard-reset, soft-reset or no-reset (default ${DEFAULT-VALUE})")
  String after;

  @Override
  String type() {
    return "firmware.deploy";
  }

  @Override
  void fill(Map<String, Object> document) {
    document.put("noCache", noCache);
    addOwner(document);
    document.put("port", absolutePort(port));
    document.put("before", before);
    document.put("after", after);
  }

  @Override
  void printResult(JsonNode result, PrintWriter out) {
    printBuild(result, out);
    printFlash(result, out);
  }
}
