package dev.edge.cli.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edge.cli.client.DaemonClient;
import dev.edge.cli.client.DaemonException;
import dev.edge.cli.support.ApiCommand;
import dev.edge.cli.support.FormatOption;
import dev.edge.runtime.api.ApiVersion;
import dev.edge.runtime.json.Json;
import dev.edge.runtime.system.EdgeVersion;
import dev.edge.runtime.system.HostFacts;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code edge version}: the client's version and the daemon's, as {@code docker version}. */
@Command(name = "version", mixinStandardHelpOptions = true,
    description = "Show the edge version information of the client and the daemon")
public final class VersionCommand extends ApiCommand {
  @Mixin FormatOption format;

  @Override
  protected int run(DaemonClient client) {
    Map<String, Object> clientInfo = new LinkedHashMap<>();
    clientInfo.put("Version", EdgeVersion.get());
    clientInfo.put("ApiVersion", ApiVersion.CURRENT);
    clientInfo.put("JavaVersion", System.getProperty("java.version"));
    clientInfo.put("Os", "linux");
    clientInfo.put("Arch", HostFacts.goArch(System.getProperty("os.arch")));
    JsonNode server = null;
    DaemonException failure = null;
    try {
      server = client.get("/version");
    } catch (DaemonException e) {
      failure = e;
    }
    PrintWriter out = spec.commandLine().getOut();
    if (!format.isTable()) {
      ObjectNode both = Json.mapper().createObjectNode();
      both.set("Client", Json.mapper().valueToTree(clientInfo));
      both.set("Server", server);
      format.printRow(out, Json.mapper().convertValue(both, Map.class));
    } else {
      out.println("Client:");
      out.printf(" Version:           %s%n", clientInfo.get("Version"));
      out.printf(" API version:       %s%n", clientInfo.get("ApiVersion"));
      out.printf(" Java version:      %s%n", clientInfo.get("JavaVersion"));
      out.printf(" OS/Arch:           linux/%s%n", clientInfo.get("Arch"));
      if (server != null) {
        out.println();
        out.println("Server:");
        out.println(" Engine:");
        out.printf("  Version:          %s%n", server.path("Version").asText());
        out.printf("  API version:      %s (minimum version %s)%n",
            server.path("ApiVersion").asText(), server.path("MinAPIVersion").asText());
        out.printf("  Java version:     %s%n", server.path("GoVersion").asText()
            .replaceFirst("^java", ""));
        out.printf("  OS/Arch:          %s/%s%n", server.path("Os").asText(),
            server.path("Arch").asText());
        out.printf("  Kernel version:   %s%n", server.path("KernelVersion").asText());
      }
    }
    if (failure != null) {
      throw failure;
    }
    return 0;
  }
}
