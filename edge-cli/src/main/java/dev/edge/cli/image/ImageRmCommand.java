package dev.edge.cli.image;

import picocli.CommandLine.Command;

/** {@code edge image rm} (also {@code rmi}): the same as {@code edge rmi}. */
@Command(name = "rm", aliases = "rmi")
public final class ImageRmCommand extends RmiCommand {}
