package dev.edge.runtime.network;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edge.runtime.network.AttachmentRecord.NetworkRecord;
import dev.edge.runtime.network.HostLocalAllocations.Allocation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Containers' networks through the CNI plugins: a namespace per container (bridge and none),
 * loopback in it, and for bridge a veth on edge's bridge with an address from host-local, NAT
 * out, and published ports by portmap. State lives under the directory given (normally
 * ROOT/network): {@code attachments/} (edge's CNI cache) and {@code ipam/} (host-local's
 * allocations), so a restarted daemon tears down what an earlier one set up.
 */
public final class ContainerNetworks {
  private static final Logger LOG = LoggerFactory.getLogger(ContainerNetworks.class);
  /** The CNI spec's container ID alphabet; the length keeps /run/netns names short. */
  private static final Pattern CONTAINER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
  private static final int LOCK_STRIPES = 64;

  private final BridgeNetworkConfig config;
  private final Path ipamDir;
  private final AttachmentStore store;
  private final NetworkNamespaces namespaces;
  private final HostLocalAllocations allocations;
  private final CniRuntime cni;
  private final HostPorts hostPorts = new HostPorts();
  private final ConcurrentHashMap<String, CompletableFuture<Void>> detaching =
      new ConcurrentHashMap<>();
  private final ReentrantLock[] locks = new ReentrantLock[LOCK_STRIPES];
  /** Runs a container's networks (loopback, bridge) side by side: they touch different links. */
  private final ExecutorService parallel = Executors.newCachedThreadPool(task -> {
    Thread thread = new Thread(task, "edge-cni");
    thread.setDaemon(true);
    return thread;
  });

  /** Network state in {@code dir}, on the default network {@code edge} (bridge edge0). */
  public ContainerNetworks(Path dir) throws NetworkException {
    this(dir, BridgeNetworkConfig.defaults());
  }

  public ContainerNetworks(Path dir, BridgeNetworkConfig config) throws NetworkException {
    this(dir, config, new CniRuntime(config.cniPath()));
  }

  ContainerNetworks(Path dir, BridgeNetworkConfig config, CniRuntime cni)
      throws NetworkException {
    this.config = config;
    this.ipamDir = dir.resolve("ipam");
    this.store = new AttachmentStore(dir.resolve("attachments"));
    this.namespaces = new NetworkNamespaces(config.name() + "-");
    this.allocations = new HostLocalAllocations(ipamDir, config.name());
    this.cni = cni;
    for (int i = 0; i < LOCK_STRIPES; i++) {
      locks[i] = new ReentrantLock();
    }
    for (AttachmentRecord record : store.readAll()) {
      hostPorts.restore(record.containerId(), record.ports());
    }
  }

  public BridgeNetworkConfig config() {
    return config;
  }

  /**
   * Sets up the container's network. For bridge, every host port is checked and taken before
   * anything else is touched; a port in use fails with {@link PortAllocatedException}. On any
   * failure everything done so far is undone before the exception is thrown.
   */
  public NetworkAttachment attach(String containerId, NetworkMode mode, List<PortMapping> ports)
      throws NetworkException {
    checkId(containerId);
    List<String> warnings = new ArrayList<>();
    if (mode != NetworkMode.BRIDGE && !ports.isEmpty()) {
      warnings.add("Published ports are discarded when using " + mode + " network mode");
    }
    if (mode == NetworkMode.HOST) {
      return new NetworkAttachment(containerId, mode, "host", "", "", 0, "", "", List.of(),
          warnings);
    }
    boolean detachAsked = awaitBackgroundDetach(containerId);
    ReentrantLock lock = lock(containerId);
    lock.lock();
    try {
      clearLeftovers(containerId, detachAsked);
      List<PublishedPort> published =
          mode == NetworkMode.BRIDGE ? hostPorts.reserve(containerId, ports) : List.of();
      AttachmentRecord planned = null;
      boolean namespaceMade = false;
      try {
        planned = plan(containerId, mode, published);
        store.write(planned);
        namespaces.create(containerId);
        namespaceMade = true;
        AttachmentRecord done = planned.completed(addAll(planned));
        NetworkAttachment attachment = describe(done, warnings);
        store.write(done);
        return attachment;
      } catch (NetworkException | RuntimeException e) {
        undo(containerId, planned, namespaceMade, e);
        throw e;
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Tears down the container's network (CNI DEL, namespace, ports) from what is on disk, so it
   * works after a daemon restart. Does nothing for a container without one. If a plugin fails,
   * the state is kept so that a later detach or {@link #reconcile} can finish the job.
   */
  public void detach(String containerId) throws NetworkException {
    checkId(containerId);
    ReentrantLock lock = lock(containerId);
    lock.lock();
    try {
      Optional<AttachmentRecord> record = store.read(containerId);
      if (record.isPresent()) {
        teardown(record.get());
      } else {
        if (namespaces.exists(containerId)) {
          removeOrphanNamespace(containerId);
        }
        hostPorts.release(containerId);
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Starts {@link #detach} and returns at once, so that removing a container need not wait for
   * the plugins (bridge DEL alone takes tens of milliseconds of iptables calls). Until it is
   * done, an attach of the same container waits for it, and a start that wants one of its host
   * ports waits for them. If it fails, the state stays on disk for a later detach or reconcile
   * and the future says why. Asking again while one runs returns the running one.
   */
  public CompletableFuture<Void> detachInBackground(String containerId) {
    checkId(containerId);
    CompletableFuture<Void> done = new CompletableFuture<>();
    CompletableFuture<Void> running = detaching.putIfAbsent(containerId, done);
    if (running != null) {
      return running;
    }
    hostPorts.releasing(containerId);
    parallel.execute(() -> {
      try {
        detach(containerId);
        detaching.remove(containerId, done);
        done.complete(null);
      } catch (Throwable t) {
        hostPorts.keep(containerId);
        LOG.warn("network teardown of container {} failed; it is retried at the next detach or"
            + " daemon start: {}", containerId, t.getMessage());
        detaching.remove(containerId, done);
        done.completeExceptionally(t);
      }
    });
    return done;
  }

  /** The container's network as set up, e.g. for {@code docker inspect} after a restart. */
  public Optional<NetworkAttachment> find(String containerId) throws NetworkException {
    checkId(containerId);
    Optional<AttachmentRecord> record = store.read(containerId);
    if (record.isEmpty() || !record.get().complete()) {
      return Optional.empty();
    }
    return Optional.of(describe(record.get(), List.of()));
  }

  /**
   * At daemon start: removes the networks of containers not in {@code liveContainerIds}, then
   * namespaces with this network's prefix and host-local addresses that no record explains.
   * Every cleanup is tried; the first failure is thrown with the others suppressed.
   */
  public void reconcile(Set<String> liveContainerIds) throws NetworkException {
    List<NetworkException> failures = new ArrayList<>();
    Set<String> recorded = new HashSet<>();
    for (AttachmentRecord record : store.readAll()) {
      String id = record.containerId();
      if (liveContainerIds.contains(id)) {
        recorded.add(id);
        continue;
      }
      try {
        LOG.info("removing the network of container {}, which no longer exists", id);
        detach(id);
      } catch (NetworkException e) {
        recorded.add(id);
        failures.add(e);
      }
    }
    for (String id : namespaces.list()) {
      if (!liveContainerIds.contains(id) && !recorded.contains(id)) {
        failures.addAll(guarded(id, () -> removeOrphanNamespace(id)));
      }
    }
    for (Allocation allocation : allocations.list()) {
      String id = allocation.containerId();
      if (!id.isEmpty() && !liveContainerIds.contains(id) && !recorded.contains(id)) {
        failures.addAll(guarded(id, () -> releaseOrphanAddress(allocation)));
      }
    }
    if (!failures.isEmpty()) {
      NetworkException first = new NetworkException("reconcile networks: " + failures.size()
          + " cleanup(s) failed; first: " + failures.get(0).getMessage(), failures.get(0));
      failures.stream().skip(1).forEach(first::addSuppressed);
      throw first;
    }
  }

  private AttachmentRecord plan(String id, NetworkMode mode, List<PublishedPort> ports) {
    List<NetworkRecord> networks = new ArrayList<>();
    if (mode == NetworkMode.BRIDGE) {
      networks.add(new NetworkRecord(CniConfigs.BRIDGE_IFNAME,
          CniConfigs.bridge(config, ipamDir, !ports.isEmpty()).toJson(),
          CniConfigs.portMappingArgs(ports), null));
    }
    networks.add(new NetworkRecord(CniConfigs.LOOPBACK_IFNAME, CniConfigs.loopback().toJson(),
        Map.of(), null));
    return new AttachmentRecord(id, mode, namespaces.path(id).toString(), false, networks, ports);
  }

  /** ADD of every network, the first on this thread and the others alongside. */
  private List<JsonNode> addAll(AttachmentRecord record) throws NetworkException {
    List<NetworkRecord> networks = record.networks();
    List<Future<CniResult>> others = new ArrayList<>();
    for (NetworkRecord network : networks.subList(1, networks.size())) {
      others.add(parallel.submit(() -> cni.add(network.list(), invocation(record, network,
          record.netns()))));
    }
    List<JsonNode> results = new ArrayList<>();
    NetworkException failure = null;
    try {
      results.add(cni.add(networks.get(0).list(),
          invocation(record, networks.get(0), record.netns())).json());
    } catch (NetworkException e) {
      failure = e;
    }
    for (Future<CniResult> other : others) {
      try {
        results.add(await(other).json());
      } catch (NetworkException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
    return results;
  }

  /** CNI DEL of every network (side by side), then the namespace, the record and the ports. */
  private void teardown(AttachmentRecord record) throws NetworkException {
    String id = record.containerId();
    // Without the namespace (gone after a reboot) the plugins still free addresses and rules.
    String netns = namespaces.isMounted(id) ? record.netns() : "";
    List<NetworkRecord> networks = record.networks();
    List<Future<Void>> others = new ArrayList<>();
    for (NetworkRecord network : networks.subList(Math.min(1, networks.size()),
        networks.size())) {
      others.add(parallel.submit(() -> {
        cni.del(network.list(), invocation(record, network, netns), network.result());
        return null;
      }));
    }
    NetworkException failure = null;
    if (!networks.isEmpty()) {
      NetworkRecord first = networks.get(0);
      try {
        cni.del(first.list(), invocation(record, first, netns), first.result());
      } catch (NetworkException e) {
        failure = e;
      }
    }
    for (Future<Void> other : others) {
      try {
        await(other);
      } catch (NetworkException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
    namespaces.delete(id);
    store.delete(id);
    hostPorts.release(id);
  }

  /** Rolls back a failed attach; what cannot be undone is added to {@code cause}. */
  private void undo(
      String id, AttachmentRecord planned, boolean namespaceMade, Exception cause) {
    try {
      if (namespaceMade) {
        teardown(planned);
      } else {
        store.delete(id);
        hostPorts.release(id);
      }
    } catch (NetworkException e) {
      cause.addSuppressed(e);
    }
  }

  /** Waits for a background detach of {@code id}; says whether there was one. */
  private boolean awaitBackgroundDetach(String id) {
    CompletableFuture<Void> running = detaching.get(id);
    if (running == null) {
      return false;
    }
    running.handle((ok, failure) -> null).join();
    return true;
  }

  /**
   * Before attaching: a record left by an attach that never finished (the daemon died) or by a
   * detach that failed is torn down; any other means the container is attached already.
   */
  private void clearLeftovers(String id, boolean detachAsked) throws NetworkException {
    Optional<AttachmentRecord> existing = store.read(id);
    if (existing.isPresent()) {
      if (existing.get().complete() && !detachAsked) {
        throw new NetworkException("container " + id + " is already attached to network "
            + networkName(existing.get().mode()) + "; detach it first");
      }
      teardown(existing.get());
    } else if (namespaces.exists(id)) {
      removeOrphanNamespace(id);
    }
  }

  /**
   * A namespace without a record (its record was lost): bridge DEL inside it removes the veth,
   * masquerade rules and address if there are any, then the namespace goes.
   */
  private void removeOrphanNamespace(String id) throws NetworkException {
    LOG.info("removing network namespace {} of unknown container {}", namespaces.path(id), id);
    NetworkConfigList bridge = CniConfigs.bridge(config, ipamDir, false);
    String netns = namespaces.isMounted(id) ? namespaces.path(id).toString() : "";
    cni.del(bridge, new CniRuntime.Invocation(id, netns, CniConfigs.BRIDGE_IFNAME, Map.of()),
        null);
    namespaces.delete(id);
  }

  private void releaseOrphanAddress(Allocation allocation) throws NetworkException {
    LOG.info("releasing address {} of unknown container {}", allocation.address(),
        allocation.containerId());
    cni.del(CniConfigs.bridge(config, ipamDir, false), new CniRuntime.Invocation(
        allocation.containerId(), "", allocation.ifname(), Map.of()), null);
  }

  private NetworkAttachment describe(AttachmentRecord record, List<String> warnings)
      throws NetworkException {
    if (record.mode() != NetworkMode.BRIDGE) {
      return new NetworkAttachment(record.containerId(), record.mode(),
          networkName(record.mode()), record.netns(), "", 0, "", "", List.of(), warnings);
    }
    NetworkRecord bridge = record.networks().stream()
        .filter(n -> n.ifname().equals(CniConfigs.BRIDGE_IFNAME))
        .findFirst()
        .orElseThrow(() -> new NetworkException("network state of container "
            + record.containerId() + " has no " + CniConfigs.BRIDGE_IFNAME));
    CniResult.ContainerAddress address;
    try {
      address = CniResult.parse(bridge.result()).containerAddress(CniConfigs.BRIDGE_IFNAME)
          .orElseThrow(() -> new IllegalArgumentException("no IPv4 address on "
              + CniConfigs.BRIDGE_IFNAME));
    } catch (IllegalArgumentException e) {
      throw new NetworkException("network " + config.name() + " of container "
          + record.containerId() + ": unusable CNI result: " + e.getMessage(), e);
    }
    return new NetworkAttachment(record.containerId(), record.mode(), config.name(),
        record.netns(), address.ip(), address.prefixLength(), address.gateway(), address.mac(),
        record.ports(), warnings);
  }

  private String networkName(NetworkMode mode) {
    return mode == NetworkMode.BRIDGE ? config.name() : mode.toString();
  }

  private static CniRuntime.Invocation invocation(
      AttachmentRecord record, NetworkRecord network, String netns) {
    return new CniRuntime.Invocation(record.containerId(), netns, network.ifname(),
        network.capabilityArgs());
  }

  private static <T> T await(Future<T> future) throws NetworkException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NetworkException("interrupted while CNI plugins ran", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof NetworkException network) {
        throw network;
      }
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new NetworkException("CNI plugin run failed: " + e.getCause(), e.getCause());
    }
  }

  /** Runs one reconcile step under the container's lock, turning its failure into a list. */
  private List<NetworkException> guarded(String id, Step step) {
    ReentrantLock lock = lock(id);
    lock.lock();
    try {
      step.run();
      return List.of();
    } catch (NetworkException e) {
      return List.of(e);
    } finally {
      lock.unlock();
    }
  }

  /** One cleanup action of {@link #reconcile}. */
  private interface Step {
    void run() throws NetworkException;
  }

  private ReentrantLock lock(String id) {
    return locks[Math.floorMod(id.hashCode(), LOCK_STRIPES)];
  }

  private static void checkId(String containerId) {
    if (containerId == null || !CONTAINER_ID.matcher(containerId).matches()) {
      throw new IllegalArgumentException("invalid container ID " + containerId
          + ": 1-128 letters, digits, '_', '.' or '-'");
    }
  }
}
