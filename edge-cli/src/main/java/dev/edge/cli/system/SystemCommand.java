package dev.edge.cli.system;

import picocli.CommandLine.Command;

/** {@code edge system}: the daemon as a whole. */
@Command(name = "system", mixinStandardHelpOptions = true, description = "Manage edge",
    subcommands = {InfoCommand.class, DfCommand.class})
public final class SystemCommand {}
