package dev.edge.runtime.system;

import dev.edge.runtime.api.ApiExchange;
import dev.edge.runtime.api.ApiModule;
import dev.edge.runtime.api.ApiVersion;
import dev.edge.runtime.api.Router;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** {@code /_ping}, {@code /version} and {@code /info}, shaped as Docker Engine answers them. */
public final class SystemApi implements ApiModule {
  private final SystemState state;

  public SystemApi(SystemState state) {
    this.state = state;
  }

  @Override
  public void register(Router router) {
    router.get("/_ping", this::ping);
    router.head("/_ping", this::ping);
    router.get("/version", ex -> ex.json(200, version()));
    router.get("/info", ex -> ex.json(200, info()));
    router.get("/edge/v1/info", ex -> ex.json(200, info()));
  }

  private void ping(ApiExchange ex) throws IOException {
    ex.header("Builder-Version", "1").header("Swarm", "inactive").header("Cache-Control",
        "no-cache, no-store, must-revalidate").header("Pragma", "no-cache");
    ex.text(200, "text/plain; charset=utf-8", "OK");
  }

  Map<String, Object> version() {
    HostFacts host = state.host();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("ApiVersion", ApiVersion.CURRENT);
    details.put("Arch", host.goArch());
    details.put("KernelVersion", host.kernelVersion());
    details.put("MinAPIVersion", ApiVersion.MINIMUM);
    details.put("Os", "linux");
    details.put("Java", System.getProperty("java.version"));
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("Platform", Map.of("Name", "edge " + EdgeVersion.get()));
    v.put("Components", List.of(Map.of("Name", "Engine", "Version", EdgeVersion.get(),
        "Details", details)));
    v.put("Version", EdgeVersion.get());
    v.put("ApiVersion", ApiVersion.CURRENT);
    v.put("MinAPIVersion", ApiVersion.MINIMUM);
    v.put("GitCommit", "");
    v.put("GoVersion", "java" + System.getProperty("java.version"));
    v.put("Os", "linux");
    v.put("Arch", host.goArch());
    v.put("KernelVersion", host.kernelVersion());
    v.put("Experimental", false);
    v.put("BuildTime", "");
    return v;
  }

  Map<String, Object> info() {
    HostFacts host = state.host();
    Inventory.ContainerCounts containers = state.inventory().containers();
    Map<String, Object> runtimes = new LinkedHashMap<>();
    OciRuntimes.installed().forEach((name, path) -> runtimes.put(name, Map.of("path",
        path.toString())));
    Map<String, Object> i = new LinkedHashMap<>();
    i.put("ID", state.engineId());
    i.put("Containers", containers.total());
    i.put("ContainersRunning", containers.running());
    i.put("ContainersPaused", containers.paused());
    i.put("ContainersStopped", containers.stopped());
    i.put("Images", state.inventory().images());
    i.put("Driver", state.storageDriver());
    i.put("DriverStatus", List.of());
    i.put("DockerRootDir", state.root().toString());
    i.put("Plugins", Map.of("Volume", List.of("local"), "Network", List.of("bridge", "host",
        "none"), "Authorization", List.of(), "Log", List.of("json-file")));
    i.put("MemoryLimit", state.cgroupControllers().contains("memory"));
    i.put("SwapLimit", false);
    i.put("CpuCfsPeriod", state.cgroupControllers().contains("cpu"));
    i.put("CpuCfsQuota", state.cgroupControllers().contains("cpu"));
    i.put("CPUShares", state.cgroupControllers().contains("cpu"));
    i.put("CPUSet", state.cgroupControllers().contains("cpuset"));
    i.put("PidsLimit", state.cgroupControllers().contains("pids"));
    i.put("OomKillDisable", false);
    i.put("IPv4Forwarding", readFlag(Path.of("/proc/sys/net/ipv4/ip_forward")));
    i.put("Debug", false);
    i.put("NFd", openFileDescriptors());
    i.put("NGoroutines", threadCount());
    i.put("SystemTime", Instant.now().toString());
    i.put("LoggingDriver", "json-file");
    i.put("CgroupDriver", "cgroupfs");
    i.put("CgroupVersion", host.cgroupVersion());
    i.put("NEventsListener", state.eventListeners());
    i.put("KernelVersion", host.kernelVersion());
    i.put("OperatingSystem", host.operatingSystem());
    i.put("OSVersion", host.osVersion());
    i.put("OSType", "linux");
    i.put("Architecture", host.machine());
    i.put("NCPU", host.cpus());
    i.put("MemTotal", host.memTotalBytes());
    i.put("IndexServerAddress", "https://index.docker.io/v1/");
    i.put("RegistryConfig", Map.of("InsecureRegistryCIDRs", List.of("127.0.0.0/8"),
        "IndexConfigs", Map.of(), "Mirrors", List.of(), "InsecureRegistries",
        state.insecureRegistries()));
    i.put("Name", host.hostname());
    i.put("Labels", List.of());
    i.put("ExperimentalBuild", false);
    i.put("ServerVersion", EdgeVersion.get());
    i.put("Runtimes", runtimes);
    i.put("DefaultRuntime", state.defaultRuntime());
    i.put("Swarm", Map.of("NodeID", "", "NodeAddr", "", "LocalNodeState", "inactive",
        "ControlAvailable", false, "Error", "", "RemoteManagers", List.of()));
    i.put("LiveRestoreEnabled", true);
    i.put("Isolation", "");
    i.put("SecurityOptions", List.of());
    i.put("Warnings", state.warnings());
    return i;
  }

  private static boolean readFlag(Path file) {
    try {
      return Files.readString(file).strip().equals("1");
    } catch (IOException e) {
      return false;
    }
  }

  /** From /proc rather than JMX: the management beans alone load ~130 classes. */
  private static int threadCount() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Threads:")) {
          return Integer.parseInt(line.substring(8).strip());
        }
      }
    } catch (IOException | NumberFormatException e) {
      // fall through
    }
    return Thread.activeCount();
  }

  private static long openFileDescriptors() {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    } catch (IOException e) {
      return 0;
    }
  }
}
