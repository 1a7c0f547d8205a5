package dev.edge.cli.device;

import picocli.CommandLine.Command;

/** {@code edge sim}: simulated boards for demos, tests and CI. */
@Command(name = "sim", mixinStandardHelpOptions = true, description = "Run a simulated board on a pseudo-terminal",
    subcommands = SimEsp8266Command.class, synopsisSubcommandLabel = "BOARD")
public final class SimCommand {
}
