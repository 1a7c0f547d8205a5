package dev.edge.runtime.container;

import dev.edge.runtime.api.ApiException;
import dev.edge.runtime.distribution.ImageStore;
import dev.edge.runtime.events.EventBus;
import dev.edge.runtime.fs.FileTrees;
import dev.edge.runtime.image.Digest;
import dev.edge.runtime.monitor.AttachPump;
import dev.edge.runtime.monitor.Conmon;
import dev.edge.runtime.monitor.ConmonException;
import dev.edge.runtime.monitor.ExitWatcher;
import dev.edge.runtime.monitor.SeqPacketSocket;
import dev.edge.runtime.runtime.OciRuntime;
import dev.edge.runtime.store.ImageRecord;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The containers' lifecycle: create, prepare (root file system, network, bundle, conmon),
 * start, stop, kill, remove, wait, and what happens when a container exits (log, state,
 * restart policy, auto-remove). Everything is recorded in the {@link ContainerStore} before
 * clients or events hear of it.
 */
public final class ContainerService implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(ContainerService.class);
  /** Docker's default grace period between the stop signal and SIGKILL. */
  static final int DEFAULT_STOP_TIMEOUT_SECONDS = 10;
  /** How long a SIGKILLed container may take to be reported gone. */
  static final Duration KILL_GRACE = Duration.ofSeconds(10);
  /** Default cap of one container's log; conmon starts a new file when it is reached. */
  static final long DEFAULT_LOG_MAX_BYTES = 16L * 1024 * 1024;

  private final ContainerStore store;
  private final ImageStore images;
  private final Conmon conmon;
  private final RuntimeSelection runtimes;
  private final EventBus events;
  private final ContainerPlumbing plumbing;
  private final RootfsMounter mounter;
  private final Waiters waiters = new Waiters();
  private final ExitWatcher exits;
  private final Path socketDir;
  private final Set<String> prepared = ConcurrentHashMap.newKeySet();
  private final Map<String, Duration> restartDelays = new ConcurrentHashMap<>();
  private final ScheduledExecutorService restarts = Executors.newSingleThreadScheduledExecutor(
      r -> {
        Thread t = new Thread(r, "container-restarts");
        t.setDaemon(true);
        return t;
      });
  private final SecureRandom random = new SecureRandom();
  private final ExecService execs;

  public ContainerService(Path root, ImageStore images, Conmon conmon, RuntimeSelection runtimes,
      EventBus events, ContainerPlumbing plumbing) throws IOException {
    this.store = new ContainerStore(root.resolve("containers"));
    this.images = images;
    this.conmon = conmon;
    this.runtimes = runtimes;
    this.events = events;
    this.plumbing = plumbing;
    this.mounter = new RootfsMounter(images.snapshots());
    this.socketDir = Files.createDirectories(root.resolve("sock"));
    this.exits = new ExitWatcher(root.resolve("exits"), this::onExit);
    this.execs = new ExecService(this, conmon, events, root.resolve("exec"));
  }

  public ContainerStore store() {
    return store;
  }

  ContainerPlumbing plumbingFor() {
    return plumbing;
  }

  public ExecService execs() {
    return execs;
  }

  /** Finds what happened while the daemon was away, then follows exits and restarts. */
  public void start() throws IOException {
    for (Container c : store.all()) {
      recover(c);
    }
    exits.start();
    plumbing.reconcile(store.all());
    for (Container c : store.all()) {
      ContainerState s = c.state();
      boolean comesBack = (c.hostConfig.restartPolicy().name().equals("always")
          || c.hostConfig.restartPolicy().name().equals("unless-stopped"))
          && !c.manuallyStopped && !s.running() && s.hasStarted();
      if (comesBack) {
        scheduleRestart(c, Duration.ZERO);
      }
    }
  }

  /** True when an image is used by a container, so rmi refuses it without force. */
  public boolean imageInUse(String imageId) {
    return store.all().stream().anyMatch(c -> c.imageId.equals(imageId));
  }

  // ---- create ----

  /** {@code POST /containers/create}: records the container; nothing runs yet. */
  public Container create(CreateRequest request, String requestedName) throws IOException {
    ContainerConfig asked = request.config();
    if (asked == null || asked.image() == null || asked.image().isEmpty()) {
      throw ApiException.badRequest("config has no image");
    }
    HostConfig host = request.hostConfig();
    RestartPolicies.validate(host);
    ImageRecord image = images.index().resolve(asked.image());
    String id = newId();
    String name;
    if (requestedName == null || requestedName.isEmpty()) {
      name = freeName();
    } else {
      try {
        name = ContainerNames.validate(requestedName);
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest(e.getMessage());
      }
    }
    ContainerPlumbing.Checked checked = plumbing.check(id, asked, host, image);
    Container c = new Container(id, name, Instant.now().toString(), asked.image(),
        image.id(), checked.config(), host);
    c.warnings.addAll(checked.warnings());
    c.runtime = host.runtime() != null && !host.runtime().isEmpty()
        ? runtimes.byName(host.runtime()).name() : runtimes.chosen().name();
    store.add(c);
    events.publish("container", "create", id, attributes(c));
    return c;
  }

  private String freeName() {
    for (int attempt = 0; ; attempt++) {
      String name = ContainerNames.generate(attempt / 5);
      if (!store.nameTaken(name)) {
        return name;
      }
    }
  }

  private String newId() {
    byte[] bytes = new byte[32];
    while (true) {
      random.nextBytes(bytes);
      String id = HexFormat.of().formatHex(bytes);
      // Docker avoids ids that read as numbers, which some tools would mangle.
      if (!id.substring(0, 12).matches("[0-9]+") && store.find(id).isEmpty()) {
        return id;
      }
    }
  }

  // ---- prepare / start ----

  /**
   * Makes the container's process exist without running it: root file system, network,
   * bundle and conmon. {@code attach} does this before {@code start} so no output is lost.
   */
  void prepare(Container c) throws IOException {
    synchronized (c) {
      // A restarting container counts as running for Docker's API, but has no process yet.
      if (prepared.contains(c.id) || (c.state().running() && !c.state().restarting())) {
        return;
      }
      Path dir = c.dir;
      ImageRecord image = images.index().get(Digest.parse(c.imageId)).orElseThrow(
          () -> ApiException.notFound("No such image: " + c.imageId + " (the container's image"
              + " was removed)"));
      Path rootfs = null;
      boolean networked = false;
      try {
        rootfs = mounter.mount(dir, image.chainIds());
        Container.NetworkInfo net = plumbing.attachNetwork(c);
        networked = true;
        c.network = net;
        c.mounts = plumbing.writeBundle(c, dir, rootfs);
        OciRuntime runtime = runtimes.byName(c.runtime);
        Files.deleteIfExists(exits.fileFor(c.id));
        runtime.delete(c.id, true);
        long logMax = logMaxBytes(c);
        Conmon.Created created = conmon.create(runtime, new Conmon.CreateSpec(c.id,
            c.shortId(), c.name, dir, logPath(c), logMax, c.config.tty(), c.config.openStdin(),
            exitDir(), socketDir, dir.resolve("conmon.log")));
        c.conmonPid = (int) created.conmonPid();
        prepared.add(c.id);
      } catch (IOException | RuntimeException e) {
        undoPrepare(c, dir, rootfs != null, networked);
        throw e;
      }
    }
  }

  private void undoPrepare(Container c, Path dir, boolean mounted, boolean networked) {
    try {
      runtimes.byName(c.runtime).delete(c.id, true);
    } catch (IOException | RuntimeException e) {
      LOG.debug("runtime delete {} after a failed start: {}", c.id, e.toString());
    }
    if (networked) {
      plumbing.detachNetwork(c);
    }
    if (mounted) {
      try {
        mounter.unmount(dir);
      } catch (IOException e) {
        LOG.warn("unmounting {} after a failed start: {}", c.id, e.toString());
      }
    }
  }

  /** Docker's exit codes for a command that cannot run: 127 not found, 126 not executable. */
  private ApiException startFailure(Container c, ConmonException e) throws IOException {
    String message = e.getMessage();
    String lower = message.toLowerCase(java.util.Locale.ROOT);
    int code = lower.contains("permission denied") ? 126
        : lower.contains("not found") || lower.contains("no such file") ? 127 : 128;
    synchronized (c) {
      c.state = c.state().failed(code, message, Instant.now().toString());
      store.save(c);
    }
    events.publish("container", "die", c.id, withExit(attributes(c), code));
    waiters.exited(c.id, new Waiters.Outcome(code, message));
    if (c.hostConfig.autoRemove()) {
      try {
        remove(c, true, true); // as Docker: a --rm container that cannot start is removed
      } catch (IOException | RuntimeException removal) {
        LOG.warn("auto-removing {} after its failed start: {}", c.name, removal.toString());
      }
    }
    return code == 128 ? new ApiException(500, message) : ApiException.badRequest(message);
  }

  /** {@code POST /containers/{id}/start}; false when it was already running (304). */
  public boolean start(Container c) throws IOException {
    synchronized (c) {
      if (c.state().running() && !c.state().restarting()) {
        return false;
      }
      c.manuallyStopped = false;
      try {
        prepare(c);
      } catch (ConmonException e) {
        throw startFailure(c, e);
      }
      OciRuntime runtime = runtimes.byName(c.runtime);
      try {
        runtime.start(c.id);
      } catch (IOException e) {
        prepared.remove(c.id);
        undoPrepare(c, c.dir, true, true);
        throw startFailure(c, new ConmonException(e.getMessage()));
      }
      int pid = readPid(c.dir.resolve("pidfile"));
      c.state = c.state().running(pid, Instant.now().toString());
      prepared.remove(c.id);
      store.save(c);
    }
    events.publish("container", "start", c.id, attributes(c));
    return true;
  }

  // ---- exits ----

  private void onExit(String id, int status) {
    Optional<Container> found = store.find(id);
    if (found.isEmpty()) {
      deleteQuietly(exits.fileFor(id));
      return;
    }
    Container c = found.get();
    Instant startedAt;
    synchronized (c) {
      ContainerState s = c.state();
      if (!s.running() && !prepared.contains(id)) {
        deleteQuietly(exits.fileFor(id));
        return;
      }
      releaseResources(c);
      boolean oom = Files.exists(c.dir.resolve("oom"));
      c.state = s.exited(status, Instant.now().toString(), oom);
      startedAt = s.hasStarted() ? Instant.parse(s.startedAt()) : Instant.now();
      saveQuietly(c);
      deleteQuietly(exits.fileFor(id));
    }
    events.publish("container", "die", id, withExit(attributes(c), status));
    waiters.exited(id, new Waiters.Outcome(status, null));
    if (c.hostConfig.autoRemove()) {
      try {
        remove(c, true, true);
      } catch (IOException | RuntimeException e) {
        LOG.warn("auto-removing {} failed: {}", c.name, e.toString());
      }
      return;
    }
    if (RestartPolicies.shouldRestart(c.hostConfig.restartPolicy(), status, c.manuallyStopped,
        c.restartCount())) {
      Duration delay = RestartPolicies.delay(restartDelays.get(id),
          Duration.between(startedAt, Instant.now()));
      restartDelays.put(id, delay);
      scheduleRestart(c, delay);
    }
  }

  private void scheduleRestart(Container c, Duration delay) {
    synchronized (c) {
      c.state = c.state().toRestarting();
      saveQuietly(c);
    }
    restarts.schedule(() -> {
      synchronized (c) {
        if (store.find(c.id).isEmpty() || c.manuallyStopped || !c.state().restarting()) {
          return;
        }
        c.restartCount++;
      }
      try {
        events.publish("container", "restart", c.id, attributes(c));
        start(c);
      } catch (IOException | RuntimeException e) {
        LOG.warn("restarting {} failed: {}", c.name, e.getMessage());
        synchronized (c) {
          if (c.state().restarting()) {
            c.state = c.state().failed(c.state().exitCode(), e.getMessage(),
                Instant.now().toString());
            saveQuietly(c);
          }
        }
      }
    }, delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Runtime record, rootfs mount and network of a container that is not running any more. */
  private void releaseResources(Container c) {
    try {
      runtimes.byName(c.runtime).delete(c.id, true);
    } catch (IOException | RuntimeException e) {
      LOG.warn("runtime delete {}: {}", c.id, e.getMessage());
    }
    plumbing.releaseNetwork(c);
    try {
      mounter.unmount(c.dir);
    } catch (IOException e) {
      LOG.warn("unmounting the root of {}: {}", c.id, e.getMessage());
    }
    prepared.remove(c.id);
  }

  // ---- stop / kill ----

  /** {@code POST /containers/{id}/stop}; false when it was not running (304). */
  public boolean stop(Container c, Integer timeoutSeconds, String signal) throws IOException {
    CompletableFuture<Waiters.Outcome> exit;
    synchronized (c) {
      c.manuallyStopped = true;
      saveQuietly(c);
      if (c.state().restarting()) {
        c.state = c.state().exited(c.state().exitCode(), Instant.now().toString(), false);
        saveQuietly(c);
        return true;
      }
      if (!c.state().running()) {
        return false;
      }
      exit = waiters.nextExit(c.id);
    }
    String stopSignal = signal != null && !signal.isEmpty() ? signal
        : c.config.stopSignal() != null && !c.config.stopSignal().isEmpty()
            ? c.config.stopSignal() : "SIGTERM";
    int timeout = timeoutSeconds != null ? timeoutSeconds
        : c.config.stopTimeout() != null ? c.config.stopTimeout() : DEFAULT_STOP_TIMEOUT_SECONDS;
    OciRuntime runtime = runtimes.byName(c.runtime);
    events.publish("container", "kill", c.id, withSignal(attributes(c), stopSignal));
    signalQuietly(runtime, c, stopSignal);
    if (!awaitQuietly(exit, timeout < 0 ? Duration.ofDays(365) : Duration.ofSeconds(timeout))) {
      events.publish("container", "kill", c.id, withSignal(attributes(c), "SIGKILL"));
      signalAll(runtime, c, "SIGKILL");
      if (!awaitQuietly(exit, KILL_GRACE)) {
        throw new IOException("container " + c.shortId() + " did not exit after SIGKILL");
      }
    }
    events.publish("container", "stop", c.id, attributes(c));
    return true;
  }

  /** {@code POST /containers/{id}/kill}. */
  public void kill(Container c, String signal) throws IOException {
    synchronized (c) {
      if (!c.state().running() || c.state().restarting()) {
        throw ApiException.conflict("Cannot kill container: " + c.shortId()
            + ": Container " + c.id + " is not running");
      }
      String sig = signal == null || signal.isEmpty() ? "SIGKILL" : signal;
      if (sig.equals("SIGKILL") || sig.equals("KILL") || sig.equals("9")) {
        c.manuallyStopped = true;
        saveQuietly(c);
      }
      events.publish("container", "kill", c.id, withSignal(attributes(c), sig));
      runtimes.byName(c.runtime).kill(c.id, sig);
    }
  }

  private static void signalQuietly(OciRuntime runtime, Container c, String signal) {
    try {
      runtime.kill(c.id, signal);
    } catch (IOException e) {
      LOG.debug("signal {} to {}: {}", signal, c.id, e.getMessage());
    }
  }

  private static void signalAll(OciRuntime runtime, Container c, String signal) {
    try {
      runtime.killAll(c.id, signal);
    } catch (IOException e) {
      signalQuietly(runtime, c, signal);
    }
  }

  private static boolean awaitQuietly(CompletableFuture<?> f, Duration limit) {
    try {
      f.get(limit.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (java.util.concurrent.TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (java.util.concurrent.ExecutionException e) {
      return true;
    }
  }

  // ---- remove ----

  /** {@code DELETE /containers/{id}}. */
  public void remove(Container c, boolean force, boolean removeVolumes) throws IOException {
    CompletableFuture<Waiters.Outcome> exit = null;
    synchronized (c) {
      if (c.state().running() && !c.state().restarting()) {
        if (!force) {
          throw ApiException.conflict("You cannot remove a running container " + c.id
              + ". Stop the container before attempting removal or force remove");
        }
        exit = waiters.nextExit(c.id);
        c.manuallyStopped = true;
        signalAll(runtimes.byName(c.runtime), c, "SIGKILL");
      }
    }
    if (exit != null && !awaitQuietly(exit, KILL_GRACE)) {
      throw new IOException("container " + c.shortId() + " did not exit after SIGKILL");
    }
    int exitCode;
    synchronized (c) {
      if (store.find(c.id).isEmpty()) {
        return; // removed by a concurrent call (auto-remove)
      }
      c.manuallyStopped = true;
      releaseResources(c);
      execs.forget(c.id);
      try {
        mounter.delete(c.dir);
      } catch (IOException e) {
        throw new IOException("removing the root file system of " + c.shortId() + ": "
            + e.getMessage(), e);
      }
      plumbing.releaseVolumes(c, removeVolumes);
      store.remove(c);
      deleteQuietly(socketDir.resolve(c.shortId()));
      exitCode = c.state().exitCode();
    }
    events.publish("container", "destroy", c.id, attributes(c));
    waiters.removed(c.id, new Waiters.Outcome(exitCode, null));
  }

  /** {@code POST /containers/prune}: removes every stopped container; returns their ids. */
  public List<String> prune() throws IOException {
    List<String> removed = new java.util.ArrayList<>();
    for (Container c : store.all()) {
      if (!c.state().running()) {
        remove(c, false, false);
        removed.add(c.id);
      }
    }
    return removed;
  }

  // ---- wait ----

  /** {@code POST /containers/{id}/wait}: the future completes per Docker's condition. */
  public CompletableFuture<Waiters.Outcome> waitFor(Container c, String condition) {
    synchronized (c) {
      switch (condition) {
        case "removed":
          return waiters.removal(c.id);
        case "next-exit":
          return waiters.nextExit(c.id);
        case "not-running":
        case "":
          if (!c.state().running()) {
            String error = c.state().error() == null || c.state().error().isEmpty() ? null
                : c.state().error();
            return CompletableFuture.completedFuture(
                new Waiters.Outcome(c.state().exitCode(), error));
          }
          return waiters.nextExit(c.id);
        default:
          throw ApiException.badRequest("invalid condition: \"" + condition + "\"");
      }
    }
  }

  // ---- attach ----

  /**
   * Connects to the container's attach socket, preparing the container first when it has not
   * started yet (the docker CLI attaches before it starts). Null when its process cannot be
   * made: the start that follows says why.
   */
  public SeqPacketSocket attachSocket(Container c) throws IOException {
    synchronized (c) {
      if (!c.state().running()) {
        try {
          prepare(c);
        } catch (ConmonException e) {
          // The process cannot be made (e.g. its command does not exist). Docker reports
          // that at start, with the start's status code, so the attach itself succeeds and
          // has nothing to carry; the start that follows prepares again and fails.
          LOG.debug("attach {}: not prepared: {}", c.shortId(), e.getMessage());
          return null;
        }
      }
    }
    events.publish("container", "attach", c.id, attributes(c));
    return SeqPacketSocket.connect(socketDir.resolve(c.shortId()).resolve("attach"));
  }

  /** {@code POST /containers/{id}/resize}: tells conmon the terminal's new size. */
  public void resize(Container c, int height, int width) throws IOException {
    if (!c.config.tty()) {
      return;
    }
    resizeTerminal(c.dir, height, width);
  }

  static void resizeTerminal(Path bundle, int height, int width) throws IOException {
    // The control fifo takes "<type> <height> <width>" (type 1 is a resize) and hands the size
    // on to the pty once conmon has it; the winsz fifo beside it takes "<height> <width>" only.
    Path fifo = bundle.resolve("ctl");
    if (!Files.exists(fifo)) {
      throw ApiException.conflict("the container's terminal is not available");
    }
    Files.writeString(fifo, "1 " + height + " " + width + "\n", StandardCharsets.US_ASCII);
  }

  // ---- recovery ----

  private void recover(Container c) {
    ContainerState s = c.state();
    if (!s.running()) {
      return;
    }
    if (s.restarting()) {
      return; // start() schedules it again
    }
    if (conmonAlive(c)) {
      LOG.info("container {} ({}) still running under conmon {}", c.name, c.shortId(),
          c.conmonPid);
      return;
    }
    if (Files.exists(exits.fileFor(c.id))) {
      return; // the watcher delivers this exit at start
    }
    // The monitor is gone without recording an exit (killed with the machine, or by hand).
    LOG.warn("container {} lost its monitor; stopping it", c.shortId());
    try {
      runtimes.byName(c.runtime).killAll(c.id, "SIGKILL");
    } catch (IOException | RuntimeException e) {
      LOG.debug("kill {}: {}", c.id, e.getMessage());
    }
    synchronized (c) {
      releaseResources(c);
      c.state = s.failed(137, "the container's monitor was lost", Instant.now().toString());
      saveQuietly(c);
    }
  }

  private boolean conmonAlive(Container c) {
    if (c.conmonPid <= 0) {
      return false;
    }
    try {
      String cmdline = Files.readString(Path.of("/proc", Integer.toString(c.conmonPid),
          "cmdline"), StandardCharsets.UTF_8);
      return cmdline.contains("conmon") && cmdline.contains(c.id);
    } catch (IOException e) {
      return false;
    }
  }

  // ---- helpers ----

  public Path logPath(Container c) {
    return c.dir.resolve("container.log");
  }

  public boolean isRunning(Container c) {
    return c.state().running() && store.find(c.id).isPresent();
  }

  Path exitDir() {
    return exits.dir();
  }

  Path socketDir() {
    return socketDir;
  }

  OciRuntime runtimeOf(Container c) {
    return runtimes.byName(c.runtime);
  }

  private static long logMaxBytes(Container c) {
    HostConfig.LogConfig log = c.hostConfig.logConfig();
    if (log != null && log.config() != null && log.config().get("max-size") != null) {
      return Units.parseBytes(log.config().get("max-size"));
    }
    return DEFAULT_LOG_MAX_BYTES;
  }

  private static int readPid(Path file) throws IOException {
    try {
      return Integer.parseInt(Files.readString(file, StandardCharsets.US_ASCII).strip());
    } catch (NumberFormatException e) {
      throw new IOException("pid file " + file + " holds no pid");
    }
  }

  Map<String, String> attributes(Container c) {
    Map<String, String> a = new HashMap<>(c.config.labels());
    a.put("name", c.name);
    a.put("image", c.imageName);
    return a;
  }

  private static Map<String, String> withExit(Map<String, String> a, int code) {
    a.put("exitCode", Integer.toString(code));
    return a;
  }

  private static Map<String, String> withSignal(Map<String, String> a, String signal) {
    a.put("signal", signal);
    return a;
  }

  void saveQuietly(Container c) {
    try {
      store.save(c);
    } catch (IOException e) {
      LOG.error("writing the record of container {} failed: {}", c.id, e.toString());
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      if (Files.isDirectory(p) && !Files.isSymbolicLink(p)) {
        FileTrees.delete(p);
      } else {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      LOG.debug("removing {}: {}", p, e.toString());
    }
  }

  @Override
  public void close() throws IOException {
    restarts.shutdownNow();
    exits.close();
  }
}
