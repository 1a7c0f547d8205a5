package dev.edge.cli.image;

import picocli.CommandLine.Command;

/** {@code edge image}: the image subcommands under one name, as {@code docker image}. */
@Command(name = "image", mixinStandardHelpOptions = true, description = "Manage images",
    subcommands = {ImagesCommand.class, PullCommand.class, PushCommand.class, TagCommand.class,
        ImageRmCommand.class, InspectCommand.class, PruneCommand.class, ImportCommand.class})
public final class ImageCommand {}
