package dev.edge.runtime.daemon;

import dev.edge.runtime.api.ApiModule;
import dev.edge.runtime.api.ApiServer;
import dev.edge.runtime.api.HostAddress;
import dev.edge.runtime.api.Router;
import dev.edge.runtime.build.BuildApi;
import dev.edge.runtime.build.Builder;
import dev.edge.runtime.build.PullingBaseImages;
import dev.edge.runtime.build.importer.RootfsImport;
import dev.edge.runtime.container.BuildStepExecutor;
import dev.edge.runtime.container.Container;
import dev.edge.runtime.container.ContainerPlumbing;
import dev.edge.runtime.container.ContainerService;
import dev.edge.runtime.container.ContainersApi;
import dev.edge.runtime.container.OciBundleFactory;
import dev.edge.runtime.container.RuntimeSelection;
import dev.edge.runtime.distribution.ImageStore;
import dev.edge.runtime.monitor.Conmon;
import dev.edge.runtime.network.ContainerNetworks;
import dev.edge.runtime.unpack.Limits;
import dev.edge.runtime.volume.VolumeStore;
import dev.edge.runtime.volume.VolumesApi;
import dev.edge.runtime.distribution.ImagesApi;
import dev.edge.runtime.distribution.PullService;
import dev.edge.runtime.distribution.PushService;
import dev.edge.runtime.distribution.Registries;
import dev.edge.runtime.distribution.StoreInventory;
import dev.edge.runtime.fs.IoErrors;
import dev.edge.runtime.registry.PlatformSelector;
import dev.edge.runtime.events.EventBus;
import dev.edge.runtime.events.EventsApi;
import dev.edge.runtime.fs.AtomicFiles;
import dev.edge.runtime.system.CgroupControllers;
import dev.edge.runtime.system.EdgeVersion;
import dev.edge.runtime.system.HostFacts;
import dev.edge.runtime.system.Inventory;
import dev.edge.runtime.system.OciRuntimes;
import dev.edge.runtime.system.SystemApi;
import dev.edge.runtime.system.SystemState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The long-running process that owns all state under its root and serves the API. Built in two
 * steps so other modules can add their routes between construction and {@link #start()}.
 */
public final class Daemon implements SystemState, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

  private final DaemonConfig config;
  private final RootLock lock;
  private final EventBus events = new EventBus();
  private final HostFacts host = HostFacts.read();
  private final Set<String> cgroupControllers = CgroupControllers.available();
  private final String engineId;
  private final List<ApiModule> modules = new ArrayList<>();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private boolean closed;
  private final ImageStore images;
  private final Registries registries;
  private final PullService pulls;
  private final PushService pushes;
  private volatile Predicate<String> imageInUse = id -> false;
  private volatile Inventory inventory;
  private ContainerService containers;
  private Builder builder;
  private ApiServer server;

  public Daemon(DaemonConfig config) throws DaemonStartException {
    this.config = config;
    this.lock = RootLock.acquire(config.root());
    try {
      this.engineId = loadEngineId(config.root());
      this.images = ImageStore.open(config.root(), config.storageDriver());
      this.registries = new Registries(config.root(), config.insecureRegistries());
    } catch (IOException e) {
      closeQuietly();
      throw new DaemonStartException("cannot initialise root " + config.root() + ": "
          + IoErrors.describe(e), e);
    }
    this.pulls = new PullService(images, registries, PlatformSelector.host(host), events);
    this.pushes = new PushService(images, registries, events);
    modules.add(new SystemApi(this));
    modules.add(new EventsApi(events));
    RootfsImport importer;
    try {
      importer = new RootfsImport(images, config.root().resolve("build").resolve("import"),
          PlatformSelector.host(host), Limits.defaults());
    } catch (IOException e) {
      closeQuietly();
      throw new DaemonStartException("cannot initialise imports under " + config.root() + ": "
          + IoErrors.describe(e), e);
    }
    modules.add(new ImagesApi(images, pulls, pushes, registries, events,
        imageId -> imageInUse.test(imageId), importer));
    this.inventory = new StoreInventory(images);
  }

  /**
   * Adds containers: conmon monitors them, the probed runtime runs them, CNI networks them,
   * the spec package writes their OCI bundle, named volumes live under ROOT/volumes. Without
   * conmon the daemon still serves images and logs what is missing.
   */
  public Daemon enableContainers() throws DaemonStartException {
    Optional<Path> conmon = Conmon.find();
    if (conmon.isEmpty()) {
      LOG.warn("conmon not found: containers are unavailable (apt-get install conmon)");
      return this;
    }
    try {
      ContainerNetworks networks = new ContainerNetworks(config.root().resolve("network"),
          config.network());
      VolumeStore volumes = new VolumeStore(config.root().resolve("volumes"));
      containers = new ContainerService(config.root(), images, new Conmon(conmon.get()),
          new RuntimeSelection(config.root().resolve("runtime"), config.runtime()), events,
          new ContainerPlumbing(images, networks, new OciBundleFactory(volumes)));
      ContainerService cs = containers;
      modules.add(new VolumesApi(volumes, events, name -> cs.store().all().stream()
          .anyMatch(c -> c.mounts().stream().anyMatch(m -> name.equals(m.name())))));
    } catch (IOException e) {
      closeQuietly();
      throw new DaemonStartException("cannot initialise containers under " + config.root()
          + ": " + IoErrors.describe(e), e);
    }
    modules.add(new ContainersApi(containers));
    Path buildState = config.root().resolve("build");
    builder = new Builder(images, new PullingBaseImages(images, pulls),
        new BuildStepExecutor(containers, buildState.resolve("scripts")),
        PlatformSelector.host(host), buildState);
    modules.add(new BuildApi(builder, buildState.resolve("contexts"),
        BuildApi.contextLimit(System.getenv("EDGE_BUILD_CONTEXT_LIMIT")), events));
    setImageInUse(containers::imageInUse);
    ImageStore store = images;
    ContainerService cs = containers;
    setInventory(new Inventory() {
      @Override
      public int images() {
        return store.index().size();
      }

      @Override
      public ContainerCounts containers() {
        int total = 0;
        int running = 0;
        for (Container c : cs.store().all()) {
          total++;
          if (c.state().running()) {
            running++;
          }
        }
        return new ContainerCounts(total, running, 0, total - running);
      }
    });
    return this;
  }

  /** The Dockerfile builder; present when containers are (RUN steps need them). */
  public Optional<Builder> builder() {
    return Optional.ofNullable(builder);
  }

  public Optional<ContainerService> containers() {
    return Optional.ofNullable(containers);
  }

  /** Images in use by containers may not be removed without force; containers plug this in. */
  public void setImageInUse(Predicate<String> inUse) {
    this.imageInUse = inUse;
  }

  public ImageStore images() {
    return images;
  }

  public PullService pulls() {
    return pulls;
  }

  public Daemon addModule(ApiModule module) {
    modules.add(module);
    return this;
  }

  public void setInventory(Inventory inventory) {
    this.inventory = inventory;
  }

  public EventBus events() {
    return events;
  }

  public DaemonConfig config() {
    return config;
  }

  public void start() throws DaemonStartException {
    Router router = new Router();
    modules.forEach(m -> m.register(router));
    if (containers != null) {
      try {
        containers.start();
      } catch (IOException e) {
        closeQuietly();
        throw new DaemonStartException("recovering containers: " + IoErrors.describe(e), e);
      }
    }
    server = new ApiServer(config.hosts(), router, EdgeVersion.get());
    try {
      server.start();
    } catch (IOException e) {
      closeQuietly();
      throw new DaemonStartException(e.getMessage(), e);
    }
    events.publish("daemon", "start", engineId, Map.of("name", host.hostname()));
    LOG.info("edge daemon {} ready: API on {}, root {}, runtime {}", EdgeVersion.get(),
        config.hosts().stream().map(HostAddress::toString).toList(), config.root(),
        defaultRuntime());
  }

  /** Blocks until {@link #close()} has run, e.g. from the SIGTERM shutdown hook. */
  public void awaitStop() throws InterruptedException {
    stopped.await();
  }

  @Override
  public void close() {
    if (stopped.getCount() > 0) {
      LOG.info("edge daemon stopping");
    }
    closeQuietly();
    stopped.countDown();
  }

  /** Idempotent: a failed start cleans up, and the shutdown hook may call it again. */
  private synchronized void closeQuietly() {
    if (closed) {
      return;
    }
    closed = true;
    if (pulls != null) {
      pulls.close();
    }
    if (containers != null) {
      try {
        containers.close();
      } catch (IOException e) {
        LOG.warn("stopping container supervision: {}", e.toString());
      }
    }
    if (images != null) {
      images.close(); // syncs deferred layer commits
    }
    try {
      if (server != null) {
        server.close();
      }
    } catch (Exception e) {
      LOG.warn("stopping the API server: {}", e.toString());
    }
    try {
      lock.close();
    } catch (IOException e) {
      LOG.warn("releasing the root lock: {}", e.toString());
    }
  }

  private static String loadEngineId(Path root) throws IOException {
    Path file = root.resolve("engine-id");
    if (Files.exists(file)) {
      String id = Files.readString(file).strip();
      if (!id.isEmpty()) {
        return id;
      }
    }
    String id = UUID.randomUUID().toString();
    AtomicFiles.write(file, (id + "\n").getBytes(StandardCharsets.US_ASCII));
    return id;
  }

  @Override
  public String storageDriver() {
    return images.snapshots().name();
  }

  @Override
  public HostFacts host() {
    return host;
  }

  @Override
  public Inventory inventory() {
    return inventory;
  }

  @Override
  public String engineId() {
    return engineId;
  }

  @Override
  public Path root() {
    return config.root();
  }

  @Override
  public Set<String> cgroupControllers() {
    return cgroupControllers;
  }

  @Override
  public int eventListeners() {
    return events.subscriberCount();
  }

  @Override
  public String defaultRuntime() {
    return config.runtime().orElseGet(() -> OciRuntimes.installed().keySet().stream().findFirst()
        .orElse("none"));
  }

  @Override
  public List<String> insecureRegistries() {
    return config.insecureRegistries();
  }

  @Override
  public List<String> warnings() {
    List<String> warnings = new ArrayList<>();
    if (OciRuntimes.installed().isEmpty()) {
      warnings.add("WARNING: no OCI runtime found; install crun or runc to run containers");
    }
    for (String controller : List.of("memory", "cpu", "pids")) {
      if (!cgroupControllers.contains(controller)) {
        warnings.add("WARNING: no " + controller + " cgroup controller; --" + switch (controller) {
          case "memory" -> "memory";
          case "cpu" -> "cpus";
          default -> "pids-limit";
        } + " limits cannot be enforced");
      }
    }
    return warnings;
  }
}
