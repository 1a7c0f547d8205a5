package dev.edge.cli;

import dev.edge.cli.system.CompletionCommand;
import dev.edge.cli.system.EventsCommand;
import dev.edge.cli.system.InfoCommand;
import dev.edge.cli.system.SystemCommand;
import dev.edge.cli.system.VersionCommand;
import dev.edge.runtime.api.HostAddress;
import dev.edge.runtime.system.EdgeVersion;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;

/** The {@code edge} command: global options and the list of subcommands. */
@Command(
    name = "edge",
    mixinStandardHelpOptions = true,
    versionProvider = EdgeCommand.Version.class,
    description = "Firmware-build container runtime for ARM gateways.%n"
        + "Pulls toolchain images, runs containers, builds and flashes ESP8266 firmware.",
    synopsisSubcommandLabel = "COMMAND")
public final class EdgeCommand {
  /**
   * The subcommands, by name. Main registers only the one being run: building picocli's model
   * of every command by reflection would cost more than the JVM's own start-up.
   */
  public static final Map<String, Class<?>> SUBCOMMANDS = subcommands(
      Map.entry("daemon", dev.edge.cli.daemon.DaemonCommand.class),
      Map.entry("version", VersionCommand.class),
      Map.entry("info", InfoCommand.class),
      Map.entry("system", SystemCommand.class),
      Map.entry("events", EventsCommand.class),
      Map.entry("run", dev.edge.cli.container.RunCommand.class),
      Map.entry("create", dev.edge.cli.container.CreateCommand.class),
      Map.entry("start", dev.edge.cli.container.StartCommand.class),
      Map.entry("stop", dev.edge.cli.container.StopCommand.class),
      Map.entry("kill", dev.edge.cli.container.KillCommand.class),
      Map.entry("rm", dev.edge.cli.container.RmCommand.class),
      Map.entry("ps", dev.edge.cli.container.PsCommand.class),
      Map.entry("logs", dev.edge.cli.container.LogsCommand.class),
      Map.entry("exec", dev.edge.cli.container.ExecCommand.class),
      Map.entry("wait", dev.edge.cli.container.WaitCommand.class),
      Map.entry("inspect", dev.edge.cli.container.InspectCommand.class),
      Map.entry("container", dev.edge.cli.container.ContainerCommand.class),
      Map.entry("pull", dev.edge.cli.image.PullCommand.class),
      Map.entry("push", dev.edge.cli.image.PushCommand.class),
      Map.entry("build", dev.edge.cli.image.BuildCommand.class),
      Map.entry("tag", dev.edge.cli.image.TagCommand.class),
      Map.entry("images", dev.edge.cli.image.ImagesCommand.class),
      Map.entry("rmi", dev.edge.cli.image.RmiCommand.class),
      Map.entry("image", dev.edge.cli.image.ImageCommand.class),
      Map.entry("login", dev.edge.cli.image.LoginCommand.class),
      Map.entry("logout", dev.edge.cli.image.LogoutCommand.class),
      Map.entry("import", dev.edge.cli.image.ImportCommand.class),
      Map.entry("bootstrap", dev.edge.cli.bootstrap.BootstrapCommand.class),
      Map.entry("completion", CompletionCommand.class),
      Map.entry("firmware", dev.edge.cli.firmware.FirmwareCommand.class),
      Map.entry("boards", dev.edge.cli.device.BoardsCommand.class),
      Map.entry("flash", dev.edge.cli.device.FlashCommand.class),
      Map.entry("sim", dev.edge.cli.device.SimCommand.class),
      Map.entry("fleet", dev.edge.cli.fleet.FleetCommand.class));


  @Option(names = {"-H", "--host"}, paramLabel = "URL",
      defaultValue = "${env:EDGE_HOST:-" + HostAddress.DEFAULT + "}",
      description = "Daemon socket to connect to (env EDGE_HOST; default ${DEFAULT-VALUE})")
  String host;

  @SafeVarargs
  private static Map<String, Class<?>> subcommands(Map.Entry<String, Class<?>>... entries) {
    Map<String, Class<?>> map = new LinkedHashMap<>();
    for (Map.Entry<String, Class<?>> e : entries) {
      map.put(e.getKey(), e.getValue());
    }
    return Collections.unmodifiableMap(map);
  }

  public HostAddress host() {
    return HostAddress.parse(host);
  }

  /** Prints the version as {@code edge --version} and scripts expect it. */
  public static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"edge version " + EdgeVersion.get()};
    }
  }
}
