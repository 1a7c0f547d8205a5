package dev.edge.cli.firmware;

import picocli.CommandLine.Command;

/** {@code edge firmware}: firmware files; build, flash and deploy join elf2image and image-info later. */
@Command(name = "firmware", mixinStandardHelpOptions = true,
    description = "Build, convert and inspect ESP8266 firmware",
    subcommands = {Elf2ImageCommand.class, ImageInfoCommand.class})
public final class FirmwareCommand {}
