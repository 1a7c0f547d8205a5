package dev.edge.cli.container;

import picocli.CommandLine.Command;

/** {@code edge container}: the container subcommands under one name, as docker has them. */
@Command(name = "container", mixinStandardHelpOptions = true, description = "Manage containers",
    subcommands = {ContainerListCommand.class, RunCommand.class, CreateCommand.class,
        StartCommand.class, StopCommand.class, KillCommand.class, RmCommand.class,
        LogsCommand.class, ExecCommand.class, WaitCommand.class, InspectCommand.class,
        PruneCommand.class})
public final class ContainerCommand {}
