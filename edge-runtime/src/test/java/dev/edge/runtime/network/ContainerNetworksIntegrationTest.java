package dev.edge.runtime.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Container networks through the real CNI plugins (/usr/lib/cni), iproute2 and iptables, with
 * busybox httpd serving inside the namespaces. Uses its own network names, bridges and subnets
 * so that a running edge daemon is not touched, and checks after every test that no namespace,
 * mount, veth, address or NAT rule is left.
 */
class ContainerNetworksIntegrationTest {
  /**
   * Names, bridges and subnets of this JVM's own, so that a concurrent run of this class (another
   * checkout's build) neither shares a subnet nor sweeps this run's namespaces as orphans.
   */
  private static final int SLOT = (int) (ProcessHandle.current().pid() % 250);
  private static final String NAME = "edgeit" + SLOT;
  private static final String BRIDGE = "edgeit" + SLOT + "b";
  private static final String SMALL_NAME = "edgeitsmall" + SLOT;
  private static final String SMALL_BRIDGE = "edgeit" + SLOT + "s";
  private static final String SUBNET = "10.199." + SLOT + ".0/24";
  private static final String GATEWAY = "10.199." + SLOT + ".1";
  private static final BridgeNetworkConfig CONFIG = new BridgeNetworkConfig(
      NAME, BRIDGE, SUBNET, 0, BridgeNetworkConfig.DEFAULT_CNI_PATH);
  /** One address for a container next to the gateway: the second attach finds none. */
  private static final String SMALL_ADDRESS = "10.198." + SLOT + ".2";
  private static final BridgeNetworkConfig SMALL = new BridgeNetworkConfig(
      SMALL_NAME, SMALL_BRIDGE, "10.198." + SLOT + ".0/30", 0,
      BridgeNetworkConfig.DEFAULT_CNI_PATH);
  private static final long HTTPD_READY_MILLIS = 5000;
  private static final int CONNECT_TIMEOUT_MILLIS = 2000;
  private static final int TIMING_ROUNDS = 10;

  @TempDir Path root;
  @TempDir Path www;
  private final List<Process> servers = new ArrayList<>();
  private final List<ContainerNetworks> instances = new ArrayList<>();
  private final Set<String> ids = new HashSet<>();

  @BeforeEach
  void page() throws IOException {
    Files.writeString(www.resolve("index.html"), "hello from the container\n");
    Files.setPosixFilePermissions(www, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @AfterEach
  void cleanUpAndCheckNothingIsLeft() throws Exception {
    for (Process server : servers) {
      server.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
    List<Exception> failures = new ArrayList<>();
    for (ContainerNetworks networks : instances) {
      for (String id : ids) {
        try {
          networks.detach(id);
        } catch (Exception e) {
          failures.add(e);
        }
      }
    }
    assertEquals(List.of(), failures, "detach in cleanup");
    assertNoLeftovers(root);
    for (String id : ids) {
      assertFalse(natRules().contains(id), "NAT rules of " + id + " remain");
    }
  }

  @AfterAll
  static void removeTestBridges() throws Exception {
    assertEquals(List.of(), namespaces(), "network namespaces left");
    for (String bridge : List.of(BRIDGE, SMALL_BRIDGE)) {
      assertEquals("", sh("ip -o link show master " + bridge + " 2>/dev/null || true"),
          "veths left on " + bridge);
      sh("ip link delete " + bridge + " 2>/dev/null || true");
    }
  }

  private ContainerNetworks networks(BridgeNetworkConfig config) throws NetworkException {
    ContainerNetworks networks = new ContainerNetworks(root.resolve("network"), config);
    instances.add(networks);
    return networks;
  }

  private String id(String name) {
    String id = name + "-" + Long.toHexString(System.nanoTime());
    ids.add(id);
    return id;
  }

  @Test
  void bridgeAttachGivesAnAddressTheHostReaches() throws Exception {
    ContainerNetworks networks = networks(CONFIG);
    String id = id("web");
    NetworkAttachment a = networks.attach(id, NetworkMode.BRIDGE, List.of());

    assertEquals("/run/netns/" + NAME + "-" + id, a.netnsPath());
    assertTrue(Files.exists(Path.of(a.netnsPath())));
    assertTrue(a.ipAddress().startsWith("10.199." + SLOT + "."), a.ipAddress());
    assertEquals(24, a.prefixLength());
    assertEquals(GATEWAY, a.gateway());
    assertTrue(a.macAddress().matches("[0-9a-f]{2}(:[0-9a-f]{2}){5}"), a.macAddress());
    assertEquals(NAME, a.networkName());
    assertEquals(a, networks.find(id).orElseThrow());
    String links = inNamespace(id, "ip -o addr show");
    assertTrue(links.contains("lo    inet 127.0.0.1/8"), "loopback is up: " + links);
    assertTrue(links.contains("eth0    inet " + a.ipAddress() + "/24"), links);
    assertTrue(inNamespace(id, "ip route").contains("default via " + GATEWAY + " dev eth0"));
    assertTrue(natRules().lines().anyMatch(rule -> rule.contains(id)
        && rule.contains("-j MASQUERADE")), "traffic out is masqueraded: " + natRules());

    serve(id);
    assertEquals("hello from the container", httpGet(a.ipAddress(), 80));
    stopServers();
    networks.detach(id);
    assertFalse(Files.exists(Path.of(a.netnsPath())));
    assertTrue(networks.find(id).isEmpty());
  }

  @Test
  void publishedPortsAnswerOnTheHostsLoopback() throws Exception {
    ContainerNetworks networks = networks(CONFIG);
    String id = id("pub");
    int fixed = freePort();
    NetworkAttachment a = networks.attach(id, NetworkMode.BRIDGE, List.of(
        PortMapping.fromDocker("80/tcp", "", ""),
        PortMapping.fromDocker("80/tcp", "127.0.0.1", Integer.toString(fixed))));

    assertEquals(2, a.ports().size());
    PublishedPort any = a.ports().get(0);
    assertEquals("0.0.0.0", any.hostIp());
    assertTrue(any.hostPort() > 0);
    assertEquals(new PublishedPort(Protocol.TCP, 80, "127.0.0.1", fixed), a.ports().get(1));
    assertTrue(natRules().lines().anyMatch(rule -> rule.contains(id)
        && rule.contains("-j CNI-DN-")), "portmap's DNAT is in place: " + natRules());

    serve(id);
    assertEquals("hello from the container", httpGet("127.0.0.1", any.hostPort()));
    assertEquals("hello from the container", httpGet("127.0.0.1", fixed));
    stopServers();
    networks.detach(id);
    assertThrows(ConnectException.class, () -> httpGet("127.0.0.1", fixed),
        "the forward is gone with the container");
  }

  @Test
  void noneHasOnlyLoopbackAndNoRouteOut() throws Exception {
    ContainerNetworks networks = networks(CONFIG);
    String id = id("none");
    NetworkAttachment a = networks.attach(id, NetworkMode.NONE,
        List.of(PortMapping.fromDocker("80/tcp", "", "")));

    assertEquals("", a.ipAddress());
    assertEquals(List.of(), a.ports());
    assertEquals(List.of("Published ports are discarded when using none network mode"),
        a.warnings());
    String links = inNamespace(id, "ip -o link show");
    assertEquals(1, links.lines().count(), links);
    assertTrue(links.contains("lo: <LOOPBACK,UP,LOWER_UP>"), links);
    assertEquals("", inNamespace(id, "ip route"));
    assertTrue(inNamespace(id, "ip route get 1.1.1.1 2>&1 || true")
        .contains("Network is unreachable"));
    networks.detach(id);
  }

  @Test
  void hostModeSetsNothingUp() throws Exception {
    ContainerNetworks networks = networks(CONFIG);
    String id = id("host");
    NetworkAttachment a = networks.attach(id, NetworkMode.HOST,
        List.of(PortMapping.fromDocker("80/tcp", "", "8080")));
    assertFalse(a.hasNamespace());
    assertEquals(List.of("Published ports are discarded when using host network mode"),
        a.warnings());
    assertFalse(Files.exists(NetworkNamespaces.NETNS_DIR.resolve(NAME + "-" + id)));
    assertTrue(networks.find(id).isEmpty());
    networks.detach(id);
  }

  @Test
  void aHostPortInUseIsRefusedBeforeAnythingIsSetUp() throws Exception {
    ContainerNetworks networks = networks(CONFIG);
    String id = id("busy");
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress("0.0.0.0", 0));
      int port = taken.getLocalPort();
      PortAllocatedException e = assertThrows(PortAllocatedException.class, () ->
          networks.attach(id, NetworkMode.BRIDGE,
              List.of(PortMapping.fromDocker("80/tcp", "", Integer.toString(port)))));
      assertEquals("Bind for 0.0.0.0:" + port + " failed: port is already allocated",
          e.getMessage());
    }
    assertNoLeftovers(root);

    String holder = id("holder");
    String second = id("second");
    int port = freePort();
    networks.attach(holder, NetworkMode.BRIDGE,
        List.of(PortMapping.fromDocker("80/tcp", "", Integer.toString(port))));
    PortAllocatedException e = assertThrows(PortAllocatedException.class, () ->
        networks.attach(second, NetworkMode.BRIDGE,
            List.of(PortMapping.fromDocker("8080/tcp", "127.0.0.1", Integer.toString(port)))));
    assertEquals("Bind for 127.0.0.1:" + port + " failed: port is already allocated",
        e.getMessage());
    assertTrue(networks.find(second).isEmpty());
    assertEquals(Set.of(holder), namespaceIds());
  }

  @Test
  void aPluginFailureAfterTheBridgeUndoesEverything() throws Exception {
    Path plugins = root.resolve("cni-bin");
    Files.createDirectories(plugins);
    Path portmap = plugins.resolve("portmap");
    Files.writeString(portmap, "#!/bin/sh\ncat >/dev/null\nif [ \"$CNI_COMMAND\" = ADD ]; then"
        + " echo '{\"cniVersion\":\"1.0.0\",\"code\":999,\"msg\":\"injected failure\"}';"
        + " exit 1; fi\n");
    Files.setPosixFilePermissions(portmap, PosixFilePermissions.fromString("rwxr-xr-x"));
    List<Path> path = new ArrayList<>(List.of(plugins));
    path.addAll(BridgeNetworkConfig.DEFAULT_CNI_PATH);
    ContainerNetworks failing = networks(new BridgeNetworkConfig(
        NAME, BRIDGE, CONFIG.subnet(), 0, path));
    String id = id("fail");
    int port = freePort();

    CniPluginException e = assertThrows(CniPluginException.class, () ->
        failing.attach(id, NetworkMode.BRIDGE,
            List.of(PortMapping.fromDocker("80/tcp", "", Integer.toString(port)))));
    assertEquals("CNI ADD portmap (network " + NAME + ", container " + id
        + "): injected failure (CNI error 999)", e.getMessage());
    assertNoLeftovers(root);
    assertFalse(natRules().contains(id), "the bridge's masquerade rule was removed");

    ContainerNetworks networks = networks(CONFIG);
    networks.attach(id, NetworkMode.BRIDGE,
        List.of(PortMapping.fromDocker("80/tcp", "", Integer.toString(port))));
    networks.detach(id);
  }

  @Test
  void runningOutOfAddressesFailsCleanly() throws Exception {
    ContainerNetworks networks = networks(SMALL);
    String first = id("first");
    String second = id("second");
    NetworkAttachment a = networks.attach(first, NetworkMode.BRIDGE, List.of());
    assertEquals(SMALL_ADDRESS, a.ipAddress());

    CniPluginException e = assertThrows(CniPluginException.class,
        () -> networks.attach(second, NetworkMode.BRIDGE, List.of()));
    assertEquals("bridge", e.plugin());
    assertTrue(e.getMessage().startsWith("CNI ADD bridge (network " + SMALL_NAME
        + ", container " + second + "): "), e.getMessage());
    assertTrue(e.getMessage().contains("no IP addresses available"), e.getMessage());
    assertEquals(Set.of(first), namespaceIds());
    networks.detach(first);
    assertEquals(SMALL_ADDRESS,
        networks.attach(second, NetworkMode.BRIDGE, List.of()).ipAddress());
  }

  @Test
  void attachingAnAttachedContainerAgainIsRefused() throws Exception {
    ContainerNetworks networks = networks(CONFIG);
    String id = id("twice");
    NetworkAttachment a = networks.attach(id, NetworkMode.BRIDGE, List.of());
    NetworkException e = assertThrows(NetworkException.class,
        () -> networks.attach(id, NetworkMode.NONE, List.of()));
    assertEquals("container " + id + " is already attached to network " + NAME
        + "; detach it first", e.getMessage());
    assertEquals(a, networks.find(id).orElseThrow());
  }

  @Test
  void aRestartedDaemonFindsAndDetachesFromWhatIsOnDisk() throws Exception {
    String id = id("restart");
    int port = freePort();
    NetworkAttachment before = networks(CONFIG).attach(id, NetworkMode.BRIDGE,
        List.of(PortMapping.fromDocker("80/tcp", "", Integer.toString(port))));

    ContainerNetworks restarted = networks(CONFIG);
    assertEquals(before, restarted.find(id).orElseThrow());
    String other = id("other");
    assertThrows(PortAllocatedException.class, () -> restarted.attach(other,
        NetworkMode.BRIDGE, List.of(PortMapping.fromDocker("80/tcp", "", Integer.toString(port)))),
        "published ports are known again after the restart");
    serve(id);
    assertEquals("hello from the container", httpGet("127.0.0.1", port));
    stopServers();

    restarted.detach(id);
    restarted.detach(id);
    assertNoLeftovers(root);
    assertFalse(natRules().contains(id));
  }

  @Test
  void aRecordLeftByADaemonThatDiedMidAttachIsClearedByTheNextAttach() throws Exception {
    String id = id("crashed");
    networks(CONFIG).attach(id, NetworkMode.BRIDGE, List.of());
    // as if the daemon died before the ADD results were written: no results, not complete
    AttachmentStore store = new AttachmentStore(root.resolve("network/attachments"));
    AttachmentRecord full = store.read(id).orElseThrow();
    List<AttachmentRecord.NetworkRecord> unfinished = new ArrayList<>();
    full.networks().forEach(n -> unfinished.add(n.withResult(null)));
    store.write(new AttachmentRecord(id, full.mode(), full.netns(), false, unfinished,
        full.ports()));

    ContainerNetworks restarted = networks(CONFIG);
    assertTrue(restarted.find(id).isEmpty(), "an unfinished attach is not reported");
    NetworkAttachment again = restarted.attach(id, NetworkMode.BRIDGE, List.of());
    assertEquals(1, sh("ip -o link show master " + BRIDGE).lines().count(),
        "the first veth went with the first namespace");
    assertEquals(List.of(again.ipAddress()), addressFiles(root));
  }

  @Test
  void reconcileRemovesWhatNoLiveContainerUses() throws Exception {
    ContainerNetworks before = networks(CONFIG);
    String gone = id("gone");
    String live = id("live");
    String isolated = id("isolated");
    String lost = id("lost");
    String stray = id("stray");
    String halfMade = id("halfmade");
    NetworkAttachment liveAttachment = before.attach(live, NetworkMode.BRIDGE, List.of());
    before.attach(gone, NetworkMode.BRIDGE,
        List.of(PortMapping.fromDocker("80/tcp", "", "")));
    before.attach(isolated, NetworkMode.NONE, List.of());
    before.attach(lost, NetworkMode.BRIDGE, List.of());
    // a record lost (its namespace, veth, address and NAT rule are not) and a stray namespace
    Files.delete(root.resolve("network/attachments/" + lost + ".json"));
    sh("ip netns add " + NAME + "-" + stray);
    // a daemon that died between creating the namespace's file and mounting it
    Files.createFile(NetworkNamespaces.NETNS_DIR.resolve(NAME + "-" + halfMade));

    ContainerNetworks after = networks(CONFIG);
    after.reconcile(Set.of(live));

    assertEquals(Set.of(live), namespaceIds());
    assertEquals(List.of(liveAttachment.ipAddress()), addressFiles(root));
    assertTrue(after.find(gone).isEmpty());
    for (String id : List.of(gone, lost)) {
      assertFalse(natRules().contains(id), "NAT rules of " + id);
    }
    serve(live);
    assertEquals("hello from the container", httpGet(liveAttachment.ipAddress(), 80));
  }

  @Test
  void parallelAttachesGetDistinctAddresses() throws Exception {
    ContainerNetworks networks = networks(CONFIG);
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<NetworkAttachment>> attaching = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        String id = id("par" + i);
        attaching.add(pool.submit(() -> networks.attach(id, NetworkMode.BRIDGE,
            List.of(PortMapping.fromDocker("80/tcp", "", "")))));
      }
      Set<String> addresses = new HashSet<>();
      Set<Integer> ports = new HashSet<>();
      List<Future<?>> detaching = new ArrayList<>();
      for (Future<NetworkAttachment> f : attaching) {
        NetworkAttachment a = f.get(60, TimeUnit.SECONDS);
        addresses.add(a.ipAddress());
        ports.add(a.ports().get(0).hostPort());
        detaching.add(pool.submit(() -> {
          networks.detach(a.containerId());
          return null;
        }));
      }
      assertEquals(6, addresses.size(), addresses.toString());
      assertEquals(6, ports.size(), ports.toString());
      for (Future<?> f : detaching) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Not a benchmark assertion: prints the medians the run benchmark depends on. */
  @Test
  void attachThenDetachLeavesNothingRoundAfterRound() throws Exception {
    ContainerNetworks networks = networks(CONFIG);
    networks.detach(id("warm"));
    for (NetworkMode mode : List.of(NetworkMode.BRIDGE, NetworkMode.NONE)) {
      long[] attach = new long[TIMING_ROUNDS];
      long[] detach = new long[TIMING_ROUNDS];
      for (int i = 0; i < TIMING_ROUNDS; i++) {
        String id = id("t" + mode + i);
        long t0 = System.nanoTime();
        networks.attach(id, mode, List.of());
        long t1 = System.nanoTime();
        networks.detach(id);
        long t2 = System.nanoTime();
        attach[i] = t1 - t0;
        detach[i] = t2 - t1;
        assertEquals(Set.of(), namespaceIds());
      }
      System.out.printf("network %s: attach median %.1f ms, detach median %.1f ms (%d rounds)%n",
          mode, median(attach), median(detach), TIMING_ROUNDS);
    }
    long[] attach = new long[TIMING_ROUNDS];
    long[] detach = new long[TIMING_ROUNDS];
    for (int i = 0; i < TIMING_ROUNDS; i++) {
      String id = id("tbg" + i);
      long t0 = System.nanoTime();
      networks.attach(id, NetworkMode.BRIDGE, List.of());
      long t1 = System.nanoTime();
      CompletableFuture<Void> done = networks.detachInBackground(id);
      long t2 = System.nanoTime();
      done.get(60, TimeUnit.SECONDS);
      attach[i] = t1 - t0;
      detach[i] = t2 - t1;
    }
    System.out.printf("network bridge, detach in background: attach median %.1f ms, detach call"
        + " median %.1f ms%n", median(attach), median(detach));
    String id = id("tports");
    long t0 = System.nanoTime();
    networks.attach(id, NetworkMode.BRIDGE, List.of(PortMapping.fromDocker("80/tcp", "", "")));
    long t1 = System.nanoTime();
    networks.detach(id);
    long t2 = System.nanoTime();
    System.out.printf("network bridge with -p: attach %.1f ms, detach %.1f ms%n",
        (t1 - t0) / 1e6, (t2 - t1) / 1e6);
  }

  @Test
  void aQuickRerunOnTheSamePortWaitsForTheBackgroundTeardown() throws Exception {
    ContainerNetworks networks = networks(CONFIG);
    String first = id("old");
    String second = id("new");
    int port = freePort();
    List<PortMapping> ports = List.of(PortMapping.fromDocker("80/tcp", "", Integer.toString(port)));
    networks.attach(first, NetworkMode.BRIDGE, ports);

    CompletableFuture<Void> teardown = networks.detachInBackground(first);
    NetworkAttachment b = networks.attach(second, NetworkMode.BRIDGE, ports);
    assertTrue(teardown.isDone(), "the port was free only once the old container's was gone");
    assertEquals(port, b.ports().get(0).hostPort());
    assertEquals(Set.of(second), namespaceIds());
    serve(second);
    assertEquals("hello from the container", httpGet("127.0.0.1", port));
  }

  @Test
  void theSameContainerCanAttachAgainRightAfterABackgroundDetach() throws Exception {
    ContainerNetworks networks = networks(CONFIG);
    String id = id("restart-policy");
    networks.attach(id, NetworkMode.BRIDGE, List.of());
    CompletableFuture<Void> teardown = networks.detachInBackground(id);
    assertTrue(teardown == networks.detachInBackground(id), "one teardown at a time");
    NetworkAttachment again = networks.attach(id, NetworkMode.BRIDGE, List.of());
    assertTrue(teardown.isDone());
    assertEquals(again, networks.find(id).orElseThrow());
    networks.detachInBackground(id).get(60, TimeUnit.SECONDS);
    assertTrue(networks.find(id).isEmpty());
  }

  private static double median(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2] / 1e6;
  }

  private void serve(String id) throws Exception {
    Process server = new ProcessBuilder("ip", "netns", "exec", NAME + "-" + id,
        "/bin/busybox", "httpd", "-f", "-p", "80", "-h", www.toString())
        .redirectErrorStream(true).start();
    servers.add(server);
    List<String> words = List.of(inNamespace(id, "ip -4 -o addr show eth0").split("\\s+"));
    String address = words.get(words.indexOf("inet") + 1).split("/")[0];
    long deadline = System.currentTimeMillis() + HTTPD_READY_MILLIS;
    while (true) {
      try (Socket probe = new Socket()) {
        probe.connect(new InetSocketAddress(address, 80), CONNECT_TIMEOUT_MILLIS);
        return;
      } catch (IOException e) {
        if (!server.isAlive() || System.currentTimeMillis() > deadline) {
          throw new AssertionError("busybox httpd did not come up in " + id + ": "
              + new String(server.getInputStream().readNBytes(4096), StandardCharsets.UTF_8), e);
        }
        Thread.sleep(20);
      }
    }
  }

  private void stopServers() throws InterruptedException {
    for (Process server : servers) {
      server.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
    servers.clear();
  }

  private static String httpGet(String host, int port) throws IOException {
    HttpURLConnection c = (HttpURLConnection) new URL("http://" + host + ":" + port + "/")
        .openConnection();
    c.setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
    c.setReadTimeout(CONNECT_TIMEOUT_MILLIS);
    try (InputStream in = c.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    } finally {
      c.disconnect();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress("0.0.0.0", 0));
      return s.getLocalPort();
    }
  }

  private static String inNamespace(String id, String command) throws Exception {
    return sh("ip netns exec " + NAME + "-" + id + " sh -c \"" + command + "\"");
  }

  private static String natRules() throws Exception {
    return sh("iptables -t nat -S 2>/dev/null");
  }

  private static List<String> namespaces() throws Exception {
    List<String> names = new ArrayList<>();
    for (String line : sh("ip netns list").lines().toList()) {
      String name = line.split(" ")[0];
      if (name.startsWith(NAME + "-") || name.startsWith(SMALL_NAME + "-")) {
        names.add(name);
      }
    }
    return names;
  }

  private static Set<String> namespaceIds() throws Exception {
    Set<String> ids = new HashSet<>();
    for (String name : namespaces()) {
      ids.add(name.substring(name.indexOf('-') + 1));
    }
    return ids;
  }

  private static List<String> addressFiles(Path root) throws IOException {
    List<String> addresses = new ArrayList<>();
    for (String network : List.of(NAME, SMALL_NAME)) {
      Path dir = root.resolve("network/ipam").resolve(network);
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (var files = Files.list(dir)) {
        files.map(f -> f.getFileName().toString()).filter(Ipv4::isLiteral)
            .forEach(addresses::add);
      }
    }
    return addresses;
  }

  private static void assertNoLeftovers(Path root) throws Exception {
    assertEquals(List.of(), namespaces(), "network namespaces left");
    String mounts = Files.readString(Path.of("/proc/mounts"));
    assertFalse(mounts.contains("/run/netns/" + NAME + "-"), "namespace mounts left");
    assertFalse(mounts.contains("/run/netns/" + SMALL_NAME + "-"), "namespace mounts left");
    for (String bridge : List.of(BRIDGE, SMALL_BRIDGE)) {
      assertEquals("", sh("ip -o link show master " + bridge + " 2>/dev/null || true"),
          "veths left on " + bridge);
    }
    assertEquals(List.of(), addressFiles(root), "host-local allocations left");
    Path attachments = root.resolve("network/attachments");
    if (Files.isDirectory(attachments)) {
      try (var files = Files.list(attachments)) {
        assertEquals(List.of(), files.toList(), "network state left");
      }
    }
  }

  private static String sh(String command) throws Exception {
    Process p = new ProcessBuilder("/bin/sh", "-c", command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError(command + " failed: " + out);
    }
    return out.strip();
  }
}
