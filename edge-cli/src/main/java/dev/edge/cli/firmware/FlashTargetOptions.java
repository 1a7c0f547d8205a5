package dev.edge.cli.firmware;

import java.util.Map;
import picocli.CommandLine.Option;

/** The board options of {@code edge firmware flash} and {@code deploy}: port and esptool's reset modes. */
public final class FlashTargetOptions {
  @Option(names = {"-p", "--port"}, paramLabel = "PATH|auto", defaultValue = "auto",
      description = "Serial port, or auto for the only attached ESP board (default ${DEFAULT-VALUE})")
  String port;

  @Option(names = "--before", paramLabel = "MODE", defaultValue = "default-reset",
      description = "default-reset (DTR/RTS), no-reset or gpio (default ${DEFAULT-VALUE})")
  String before;

  @Option(names = "--after", paramLabel = "MODE", defaultValue = "hard-reset",
      description = "hard-reset, soft-reset or no-reset (default ${DEFAULT-VALUE})")
  String after;

  /** Adds port (absolute, or auto), before and after to a job document. */
  void fill(Map<String, Object> document) {
    document.put("port", FirmwareJobCommand.absolutePort(port));
    document.put("before", before);
    document.put("after", after);
  }
}
