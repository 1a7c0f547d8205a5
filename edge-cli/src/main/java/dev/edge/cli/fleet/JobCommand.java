package dev.edge.cli.fleet;

import picocli.CommandLine.Command;

/** {@code edge fleet job}: jobs for gateways. */
@Command(name = "job", mixinStandardHelpOptions = true, description = "Send signed jobs to gateways",
    subcommands = {SendCommand.class})
public final class JobCommand {}
