package dev.edge.cli.firmware;

import picocli.CommandLine.Command;

/** {@code edge firmware}: build, flash and deploy projects (jobs of the daemon), pin toolchains, convert images. */
@Command(name = "firmware", mixinStandardHelpOptions = true,
    description = "Build, convert and inspect ESP8266 firmware",
    subcommands = {BuildCommand.class, FlashFirmwareCommand.class, DeployCommand.class, LockCommand.class,
        Elf2ImageCommand.class, ImageInfoCommand.class})
public final class FirmwareCommand {}
