package dev.edge.cli.container;

import picocli.CommandLine.Command;

/** {@code edge container ls} (also {@code list} and {@code ps}): the same as {@code edge ps}. */
@Command(name = "ls", aliases = {"list", "ps"})
public final class ContainerListCommand extends PsCommand {}
