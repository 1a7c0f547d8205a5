package dev.edge.cli.daemon;

import dev.edge.agent.boards.BoardEventBridge;
import dev.edge.agent.boards.BoardFlashApi;
import dev.edge.agent.boards.BoardFlashing;
import dev.edge.agent.firmware.BuildRunner;
import dev.edge.agent.firmware.ContainerBuildRunner;
import dev.edge.agent.firmware.FirmwareBuilder;
import dev.edge.agent.firmware.FirmwareFlasher;
import dev.edge.agent.firmware.FirmwareJobs;
import dev.edge.agent.status.AgentJobs;
import dev.edge.agent.status.GatewayFacts;
import dev.edge.agent.firmware.BuilderRecipes;
import dev.edge.agent.firmware.RecipeBuilder;
import dev.edge.agent.firmware.StoreToolchainResolver;
import dev.edge.agent.jobs.JobEngine;
import dev.edge.agent.jobs.JobFailedException;
import dev.edge.agent.jobs.JobsApi;
import dev.edge.agent.boards.BoardListApi;
import dev.edge.cli.UserException;
import dev.edge.hal.board.BoardDiscovery;
import dev.edge.runtime.api.HostAddress;
import dev.edge.runtime.daemon.Daemon;
import dev.edge.runtime.daemon.DaemonConfig;
import dev.edge.runtime.daemon.DaemonStartException;
import dev.edge.runtime.daemon.RootLock;
import dev.edge.runtime.fs.IoErrors;
import dev.edge.runtime.snapshot.SnapshotterProbe;
import dev.edge.runtime.network.BridgeNetworkConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

/**
 * {@code edge daemon}: runs the daemon in the foreground until SIGTERM or SIGINT. systemd (or
 * the user's shell) supervises it; it never forks itself away.
 */
@Command(name = "daemon", mixinStandardHelpOptions = true,
    description = "Run the edge daemon in the foreground (it owns all state under --root)")
public final class DaemonCommand implements Callable<Integer> {
  @Option(names = "--root", paramLabel = "DIR",
      defaultValue = "${env:EDGE_ROOT:-/var/lib/edge}",
      description = "Root of the daemon's state (env EDGE_ROOT; default ${DEFAULT-VALUE})")
  Path root;

  @Option(names = {"-H", "--host"}, paramLabel = "URL",
      description = "Where to serve the API: unix:///path or tcp://127.0.0.1:PORT (repeatable;"
          + " default " + HostAddress.DEFAULT + ")")
  List<String> hosts = new ArrayList<>();

  @Option(names = "--runtime", paramLabel = "crun|runc",
      description = "OCI runtime to use instead of the probed default")
  String runtime;

  @Option(names = {"-s", "--storage-driver"}, paramLabel = "overlayfs|native",
      description = "Snapshotter for image layers instead of the probed one (overlayfs where the"
          + " kernel honours its whiteouts, else native copies)")
  String storageDriver;

  @Option(names = "--insecure-registry", paramLabel = "HOST:PORT",
      description = "Registry to reach over plain HTTP (loopback registries are tried plainly"
          + " first, then over TLS)")
  List<String> insecureRegistries = new ArrayList<>();

  @Option(names = {"-b", "--bridge"}, paramLabel = "NAME",
      description = "Bridge device (and CNI network name) for bridge-mode containers"
          + " (default edge0)")
  String bridge;

  @Option(names = "--bip", paramLabel = "CIDR",
      description = "Subnet of the bridge network; the gateway is its first address (default "
          + BridgeNetworkConfig.DEFAULT_SUBNET + ")")
  String bridgeSubnet;

  @Spec CommandSpec spec;

  @Mixin
  FleetAgentOptions fleet = new FleetAgentOptions();

  @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "info",
      description = "debug, info, warn or error (default ${DEFAULT-VALUE})")
  String logLevel;

  /** Two daemons on one machine need their own bridges (and namespace prefixes). */
  private BridgeNetworkConfig bridgeNetwork() {
    BridgeNetworkConfig d = BridgeNetworkConfig.defaults();
    try {
      return new BridgeNetworkConfig(bridge == null ? d.name() : bridge,
          bridge == null ? d.bridge() : bridge, bridgeSubnet == null ? d.subnet() : bridgeSubnet,
          d.mtu(), d.cniPath());
    } catch (IllegalArgumentException e) {
      throw new UserException("edge daemon: " + e.getMessage());
    }
  }

  @Override
  public Integer call() throws Exception {
    checkLogLevel(logLevel);
    if (runtime != null && !runtime.equals("crun") && !runtime.equals("runc")) {
      throw new UserException("--runtime " + runtime + ": edge supports crun and runc");
    }
    fleet.check(spec.commandLine());
    listenAddresses();
    bridgeNetwork();
    if (storageDriver != null && !SnapshotterProbe.NAMES.contains(storageDriver)) {
      throw new UserException("--storage-driver " + storageDriver + ": use "
          + String.join(" or ", SnapshotterProbe.NAMES));
    }
    if (DaemonExec.requested()) {
      if (storageDriver == null) {
        storageDriver = probeSnapshotter();
      }
      DaemonExec.into(DaemonArgs.of(this)); // returns only when the exec failed, having said why
    }
    return run();
  }

  /**
   * Runs the snapshotter probe here, in the JVM about to exec the daemon's, holding the root's
   * lock as the daemon would: its native calls (JNA and what it brings, ~200 classes and a native
   * library) are then never loaded in the daemon's JVM, which only reads the verdict.
   */
  private String probeSnapshotter() throws Exception {
    configureLogging(logLevel); // the probe logs its verdict as the daemon would
    Path absoluteRoot = root.toAbsolutePath();
    try (RootLock lock = RootLock.acquire(absoluteRoot)) {
      return SnapshotterProbe.choose(absoluteRoot.resolve("snapshots")).snapshotter().name();
    } catch (DaemonStartException e) {
      throw new UserException("edge daemon: " + e.getMessage());
    } catch (java.io.IOException e) {
      throw new UserException("edge daemon: cannot probe for a snapshotter under " + absoluteRoot
          + ": " + IoErrors.describe(e));
    }
  }

  private List<HostAddress> listenAddresses() {
    List<HostAddress> listen = new ArrayList<>();
    for (String h : hosts.isEmpty() ? List.of(HostAddress.DEFAULT) : hosts) {
      listen.add(HostAddress.parse(h));
    }
    return listen;
  }

  /** Runs the daemon until it is stopped, with flags {@link #call} has checked (here or before an exec). */
  int run() throws Exception {
    configureLogging(logLevel);
    List<HostAddress> listen = listenAddresses();
    DaemonConfig config = new DaemonConfig(root.toAbsolutePath(), listen,
        Optional.ofNullable(runtime), insecureRegistries, bridgeNetwork(),
        Optional.ofNullable(storageDriver));
    Daemon daemon;
    try {
      daemon = new Daemon(config);
    } catch (DaemonStartException e) {
      throw new UserException("edge daemon: " + e.getMessage());
    }
    try {
      daemon.enableContainers();
    } catch (DaemonStartException e) {
      throw new UserException("edge daemon: " + e.getMessage());
    }
    BoardFlashing flashing = BoardFlashApi.systemFlashing(BoardDiscovery.system());
    daemon.addModule(new BoardListApi(BoardDiscovery.system()));
    daemon.addModule(new BoardFlashApi(flashing));
    JobEngine jobs = jobEngine(daemon, flashing);
    daemon.addModule(new JobsApi(jobs));
    // Registered before start: "ready" is logged inside start(), and a SIGTERM that follows it
    // at once must still find the hook that removes the socket and releases the root.
    AtomicReference<BoardEventBridge> boards = new AtomicReference<>();
    AtomicReference<FleetAgentOptions.Running> agent = new AtomicReference<>();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      FleetAgentOptions.Running fleetAgent = agent.get();
      if (fleetAgent != null) {
        fleetAgent.close();
      }
      BoardEventBridge bridge = boards.get();
      if (bridge != null) {
        bridge.close();
      }
      jobs.close();
      daemon.close();
    }, "shutdown"));
    try {
      daemon.start();
    } catch (DaemonStartException e) {
      throw new UserException("edge daemon: " + e.getMessage());
    }
    if (fleet.enabled()) {
      agent.set(fleet.start(daemon, jobs, GatewayFacts.of(daemon, BoardDiscovery.system())::snapshot));
    }
    // after the agent listens, so the fleet hears how the jobs of the last daemon ended
    jobs.resume();
    boards.set(BoardEventBridge.start(BoardDiscovery.system(), daemon.events()));
    daemon.awaitStop();
    return 0;
  }

  /** The job engine (ROOT/jobs) with every job type: firmware, boards, images, containers, gateway status. */
  private static JobEngine jobEngine(Daemon daemon, BoardFlashing flashing) throws UserException {
    BuildRunner runner = daemon.containers().<BuildRunner>map(ContainerBuildRunner::new)
        .orElse((inv, log) -> {
          throw new JobFailedException("firmware builds run in containers, which this daemon cannot run"
              + " (conmon not found: apt-get install conmon)");
        });
    RecipeBuilder recipes = daemon.builder().<RecipeBuilder>map(b -> new BuilderRecipes(b,
        daemon.images().index())).orElse(RecipeBuilder.NOT_WIRED);
    FirmwareBuilder builder = new FirmwareBuilder(new StoreToolchainResolver(daemon.images(), daemon.pulls(),
        recipes), runner);
    JobEngine engine;
    try {
      engine = new JobEngine(daemon.config().root().resolve("jobs"));
    } catch (java.io.IOException e) {
      throw new UserException("edge daemon: cannot open the job records under " + daemon.config().root()
          + ": " + e.getMessage());
    }
    FirmwareJobs firmware = new FirmwareJobs(builder, new FirmwareFlasher(flashing));
    AgentJobs.handlers(daemon, flashing, BoardDiscovery.system(), firmware, daemon.config().root().resolve("agent"))
        .forEach(engine::register);
    return engine;
  }

  private static String checkLogLevel(String level) {
    String normalized = level.toLowerCase(Locale.ROOT);
    if (!List.of("trace", "debug", "info", "warn", "error").contains(normalized)) {
      throw new UserException("--log-level " + level + ": use debug, info, warn or error");
    }
    return normalized;
  }

  /** Must run before the first logger is created: slf4j-simple reads its level once. */
  private static void configureLogging(String level) {
    String normalized = checkLogLevel(level);
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", normalized);
    if (!normalized.equals("debug") && !normalized.equals("trace")) {
      System.setProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
    }
  }
}
