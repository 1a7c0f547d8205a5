package dev.edge.cli.firmware;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code edge firmware deploy DIR --port P|auto}: build (cached when nothing changed), flash, record. */
@Command(name = "deploy", mixinStandardHelpOptions = true,
    description = "Build DIR, flash it, and report what was written")
public final class DeployCommand extends FirmwareJobCommand {
  @Mixin FlashTargetOptions target;

  @Option(names = "--no-cache", description = "Build even when nothing changed since the last build")
  boolean noCache;

  @Override
  String type() {
    return "firmware.deploy";
  }

  @Override
  void fill(Map<String, Object> document) {
    document.put("noCache", noCache);
    addOwner(document);
    target.fill(document);
  }

  @Override
  void printResult(JsonNode result, PrintWriter out) {
    printBuild(result, out);
    printFlash(result, out);
  }
}
