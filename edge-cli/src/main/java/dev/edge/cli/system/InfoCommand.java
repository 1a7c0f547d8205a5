package dev.edge.cli.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edge.cli.client.DaemonClient;
import dev.edge.cli.support.ApiCommand;
import dev.edge.cli.support.FormatOption;
import dev.edge.runtime.json.Json;
import dev.edge.runtime.system.EdgeVersion;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code edge info}: what the daemon holds and the machine it runs on, as {@code docker info}. */
@Command(name = "info", mixinStandardHelpOptions = true,
    description = "Display system-wide information")
public final class InfoCommand extends ApiCommand {
  @Mixin FormatOption format;

  @Override
  protected int run(DaemonClient client) {
    JsonNode info = client.get("/info");
    PrintWriter out = spec.commandLine().getOut();
    if (!format.isTable()) {
      format.printRow(out, Json.mapper().convertValue(info, Map.class));
      return 0;
    }
    out.println("Client:");
    out.println(" Version:    " + EdgeVersion.get());
    out.println(" Context:    " + client.host());
    out.println();
    out.println("Server:");
    line(out, "Containers", info.path("Containers").asText());
    line(out, " Running", info.path("ContainersRunning").asText());
    line(out, " Paused", info.path("ContainersPaused").asText());
    line(out, " Stopped", info.path("ContainersStopped").asText());
    line(out, "Images", info.path("Images").asText());
    line(out, "Server Version", info.path("ServerVersion").asText());
    line(out, "Storage Driver", info.path("Driver").asText());
    line(out, "Logging Driver", info.path("LoggingDriver").asText());
    line(out, "Cgroup Driver", info.path("CgroupDriver").asText());
    line(out, "Cgroup Version", info.path("CgroupVersion").asText());
    line(out, "Runtimes", String.join(" ", names(info.path("Runtimes"))));
    line(out, "Default Runtime", info.path("DefaultRuntime").asText());
    line(out, "Kernel Version", info.path("KernelVersion").asText());
    line(out, "Operating System", info.path("OperatingSystem").asText());
    line(out, "OSType", info.path("OSType").asText());
    line(out, "Architecture", info.path("Architecture").asText());
    line(out, "CPUs", info.path("NCPU").asText());
    line(out, "Total Memory", Units.binarySize(info.path("MemTotal").asLong()));
    line(out, "Name", info.path("Name").asText());
    line(out, "ID", info.path("ID").asText());
    line(out, "Edge Root Dir", info.path("DockerRootDir").asText());
    line(out, "Event Listeners", info.path("NEventsListener").asText());
    List<String> insecure = new ArrayList<>();
    info.path("RegistryConfig").path("InsecureRegistryCIDRs").forEach(n -> insecure.add(n.asText()));
    info.path("RegistryConfig").path("InsecureRegistries").forEach(n -> insecure.add(n.asText()));
    out.println(" Insecure Registries:");
    insecure.forEach(r -> out.println("  " + r));
    info.path("Warnings").forEach(w -> spec.commandLine().getErr().println(w.asText()));
    return 0;
  }

  private static void line(PrintWriter out, String key, String value) {
    out.println(" " + key + ": " + value);
  }

  private static List<String> names(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
