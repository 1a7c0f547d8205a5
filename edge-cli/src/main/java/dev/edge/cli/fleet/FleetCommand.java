package dev.edge.cli.fleet;

import picocli.CommandLine.Command;

/** {@code edge fleet}: the operator's side of the MQTT fleet: keys, jobs, the list of gateways. */
@Command(name = "fleet", mixinStandardHelpOptions = true,
    description = "Manage a fleet of gateways over MQTT: signing keys, signed jobs, gateway list",
    subcommands = {KeygenCommand.class, JobCommand.class, LsCommand.class})
public final class FleetCommand {}
