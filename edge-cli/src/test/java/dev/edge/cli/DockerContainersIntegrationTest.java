package dev.edge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.edge.runtime.image.Platform;
import dev.edge.runtime.image.fixtures.OciLayout;
import dev.edge.runtime.image.fixtures.TestImages;
import dev.edge.runtime.registry.LocalRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The containers issue's acceptance, through the stock docker CLI against an edge daemon
 * started with bin/edge: real runc, overlayfs, conmon, CNI plugins, busybox from a loopback
 * registry. Every container the tests make is recorded, and after the suite the host must hold
 * nothing of theirs: mounts, runtime state, cgroups, namespaces, address allocations, NAT
 * rules and monitor processes.
 */
class DockerContainersIntegrationTest {
  private static final long WAIT_MS = 30_000;
  private static final long POLL_MS = 50;

  private static Path dir;
  private static Path root;
  private static LocalRegistry registry;
  private static Process daemon;
  private static String host;
  private static String image;
  private static String docker;
  /** Per-JVM so that concurrent runs (other checkouts) never share a bridge or namespaces. */
  private static String bridge;
  private static int serial;
  private static final Set<String> containerIds = new LinkedHashSet<>();
  private final List<String> names = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    docker = EdgeProcess.dockerCli().orElseThrow(
        () -> new AssertionError("no docker CLI on PATH: scripts/install-deps --test installs"
            + " docker.io"));
    dir = Files.createTempDirectory("edge-docker-containers");
    root = dir.resolve("root");
    registry = LocalRegistry.start(LocalRegistry.Mode.PLAIN);
    OciLayout layout = new OciLayout(dir.resolve("layout"));
    TestImages.busybox(layout, "busybox", new Platform("linux", "amd64", ""));
    image = registry.host() + "/busybox:latest";
    TestImages.skopeoPush(layout.dir(), "busybox", image, true);
    for (int i = 0; i < EdgeProcess.dockerClis().size(); i++) {
      TestImages.skopeoPush(layout.dir(), "busybox", firstUseName(i), true);
    }
    int slot = (int) (ProcessHandle.current().pid() % 250);
    bridge = "edgedk" + slot;
    host = "unix://" + dir.resolve("edge.sock");
    daemon = startDaemon();
    assertEquals(0, docker("pull", image).exit());
  }

  private static Process startDaemon() throws Exception {
    int slot = (int) (ProcessHandle.current().pid() % 250);
    return EdgeProcess.startDaemon(root, host, dir.resolve("daemon-" + serial++ + ".log"),
        "--bridge", bridge, "--bip", "10.197." + slot + ".0/24");
  }

  private static String firstUseName(int cli) {
    return registry.host() + "/first-use-" + cli + ":1";
  }

  @AfterEach
  void removeContainers() throws Exception {
    for (String name : names) {
      docker("rm", "-f", "-v", name);
    }
  }

  @AfterAll
  static void stopAndCheckTheHostIsClean() throws Exception {
    try {
      if (daemon != null) {
        EdgeProcess.Result left = docker("ps", "-aq", "--no-trunc");
        for (String id : left.out().strip().split("\n")) {
          if (!id.isBlank()) {
            docker("rm", "-f", "-v", id);
          }
        }
        EdgeProcess.stop(daemon);
        assertHostClean();
      }
    } finally {
      HostScrub.scrub(dir, bridge); // after a failure: what the daemon left, and the bridge
      if (registry != null) {
        registry.close();
      }
      EdgeProcess.deleteTree(dir);
    }
  }

  // ---- the docker CLI sequences ----

  @Test
  void runWithRemovePullsOnFirstUseWithEveryDockerCli() throws Exception {
    List<String> clis = EdgeProcess.dockerClis();
    for (int i = 0; i < clis.size(); i++) {
      String ref = firstUseName(i);
      EdgeProcess.Result r = EdgeProcess.run(clis.get(i), "-H", host, "run", "--rm", ref,
          "echo", "hi");
      assertEquals(0, r.exit(), clis.get(i) + ": " + r.err());
      assertEquals("hi\n", r.out(), clis.get(i));
      assertTrue(r.err().contains("Unable to find image '" + ref + "' locally"), r.err());
      assertTrue(r.err().contains("Downloaded newer image for " + ref), r.err());
      assertFalse(docker("ps", "-a", "--format", "{{.Image}}").out().contains(ref),
          "--rm removed the container before run returned");
    }
  }

  @Test
  void exitCodesPropagateAndACommandNotFoundIs127() throws Exception {
    assertEquals(3, docker(runNone("sh", "-c", "exit 3")).exit());
    EdgeProcess.Result missing = docker(runNone("no-such-command"));
    assertEquals(127, missing.exit(), missing.err());
    assertTrue(missing.err().contains("no-such-command"), missing.err());
    EdgeProcess.Result notExecutable = docker(runNone("/etc/passwd"));
    assertEquals(126, notExecutable.exit(), notExecutable.err());
  }

  @Test
  void publishedWebServerAnswersAndIsManagedByTheDockerCli() throws Exception {
    int port = freePort();
    String web = name("web");
    EdgeProcess.Result run = docker("run", "-d", "--name", web, "-p", port + ":80", image,
        "sh", "-c", "mkdir /www && echo hello-web > /www/index.html && echo serving"
            + " && exec httpd -f -v -p 80 -h /www");
    assertEquals(0, run.exit(), run.err());
    containerIds.add(run.out().strip());

    HttpResponse<String> page = get("http://127.0.0.1:" + port + "/");
    assertEquals(200, page.statusCode());
    assertEquals("hello-web\n", page.body());

    String ps = docker("ps", "--format", "{{.Names}} {{.Ports}} {{.Status}}").out();
    assertTrue(ps.contains(web + " 0.0.0.0:" + port + "->80/tcp Up"), ps);

    Process follow = new ProcessBuilder(docker, "-H", host, "logs", "-f", web)
        .redirectErrorStream(true).start();
    BufferedReader followed = new BufferedReader(new InputStreamReader(follow.getInputStream(),
        StandardCharsets.UTF_8));
    assertEquals("serving", followed.readLine());

    EdgeProcess.Result ls = docker("exec", web, "ls", "/");
    assertEquals(0, ls.exit(), ls.err());
    assertTrue(ls.out().contains("www\n"), ls.out());

    EdgeProcess.Result stop = docker("stop", web);
    assertEquals(0, stop.exit(), stop.err());
    assertTrue(follow.waitFor(WAIT_MS, TimeUnit.MILLISECONDS), "logs -f ends with the container");
    assertEquals(0, follow.exitValue());
    EdgeProcess.Result rm = docker("rm", web);
    assertEquals(0, rm.exit(), rm.err());
    try (ServerSocket again = new ServerSocket()) {
      again.bind(new InetSocketAddress("0.0.0.0", port)); // the host port was given back
    }
  }

  // ---- lifecycle ----

  @Test
  void stopWaitsForItsTimeoutThenKillsAndKillSendsTheSignalAsked() throws Exception {
    String stubborn = name("stubborn");
    assertEquals(0, docker(runDetached(stubborn, "sh", "-c",
        "trap '' TERM; echo ready; while :; do sleep 0.1; done")).exit());
    awaitLog(stubborn, "ready");
    long t0 = System.nanoTime();
    assertEquals(0, docker("stop", "-t", "1", stubborn).exit());
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    assertTrue(ms >= 1000, "stop returned after " + ms + " ms, before its timeout");
    assertEquals("137", inspect(stubborn, "{{.State.ExitCode}}"));

    String trapping = name("trapping");
    assertEquals(0, docker(runDetached(trapping, "sh", "-c",
        "trap 'exit 10' USR1; echo ready; while :; do sleep 0.1; done")).exit());
    awaitLog(trapping, "ready");
    assertEquals(0, docker("kill", "-s", "USR1", trapping).exit());
    assertEquals("10", docker("wait", trapping).out().strip());
  }

  @Test
  void restartPoliciesAreHonoured() throws Exception {
    String failing = name("failing");
    assertEquals(0, docker(runDetached(failing, "--restart", "on-failure:2", "sh", "-c",
        "echo attempt; exit 1")).exit());
    await(() -> "exited 2".equals(inspect(failing, "{{.State.Status}} {{.RestartCount}}")),
        "on-failure:2 gives up after two restarts");
    assertEquals(3, docker("logs", failing).out().split("attempt").length - 1);

    String always = name("always");
    assertEquals(0, docker(runDetached(always, "--restart", "always", "sh", "-c",
        "sleep 0.2; exit 0")).exit());
    await(() -> Integer.parseInt(inspect(always, "{{.RestartCount}}")) >= 1,
        "always restarts after a clean exit");
    assertEquals(0, docker("stop", "-t", "1", always).exit());
    Thread.sleep(500);
    assertEquals("exited", inspect(always, "{{.State.Status}}"), "a stopped container stays so");
  }

  @Test
  void runningContainersSurviveADaemonRestartAndAreStillManaged() throws Exception {
    String counter = name("counter");
    assertEquals(0, docker(runDetached(counter, "sh", "-c",
        "i=0; while :; do echo tick-$i; i=$((i+1)); sleep 0.1; done")).exit());
    String shortLived = name("short-lived");
    assertEquals(0, docker(runDetached(shortLived, "sh", "-c", "sleep 1; exit 7")).exit());
    awaitLog(counter, "tick-2");
    String pid = inspect(counter, "{{.State.Pid}}");

    EdgeProcess.stop(daemon);
    assertTrue(Files.exists(Path.of("/proc", pid)), "the container outlives its daemon");
    Thread.sleep(1200); // short-lived exits while no daemon runs
    daemon = startDaemon();

    assertEquals("running " + pid, inspect(counter, "{{.State.Status}} {{.State.Pid}}"));
    int before = docker("logs", counter).out().split("\n").length;
    await(() -> docker("logs", counter).out().split("\n").length > before + 3,
        "the log keeps flowing after the restart");
    assertEquals("7", docker("wait", shortLived).out().strip(),
        "an exit while the daemon was down is recorded");
    EdgeProcess.Result exec = docker("exec", counter, "echo", "still-here");
    assertEquals("still-here\n", exec.out(), exec.err());
    assertEquals(0, docker("stop", "-t", "1", counter).exit());
    assertEquals("exited", inspect(counter, "{{.State.Status}}"));
  }

  // ---- options ----

  @Test
  void bindMountsNamedVolumesTmpfsAndADevice() throws Exception {
    Path shared = Files.createDirectories(dir.resolve("bind"));
    Files.writeString(shared.resolve("in.txt"), "from-host\n");
    EdgeProcess.Result rw = docker(runNone("-v", shared + ":/data", "sh", "-c",
        "cat /data/in.txt && echo from-container > /data/out.txt"));
    assertEquals(0, rw.exit(), rw.err());
    assertEquals("from-host\n", rw.out());
    assertEquals("from-container\n", Files.readString(shared.resolve("out.txt")));

    EdgeProcess.Result ro = docker(runNone("-v", shared + ":/data:ro", "sh", "-c",
        "echo x > /data/denied"));
    assertNotEquals(0, ro.exit());
    assertTrue(ro.err().contains("Read-only file system"), ro.err());
    assertFalse(Files.exists(shared.resolve("denied")));

    String volume = "edge-it-vol-" + ProcessHandle.current().pid();
    try {
      assertEquals(0, docker(runNone("-v", volume + ":/v", "sh", "-c", "echo kept > /v/f"))
          .exit());
      EdgeProcess.Result read = docker(runNone("--mount", "type=volume,source=" + volume
          + ",target=/w,readonly", "cat", "/w/f"));
      assertEquals("kept\n", read.out(), read.err());
    } finally {
      docker("volume", "rm", volume);
    }

    EdgeProcess.Result tmpfs = docker(runNone("--mount", "type=tmpfs,target=/scratch",
        "sh", "-c", "grep ' /scratch ' /proc/mounts"));
    assertTrue(tmpfs.out().startsWith("tmpfs /scratch tmpfs"), tmpfs.out() + tmpfs.err());

    Process pty = new ProcessBuilder("python3", "-c", "import os, pty, sys, time\n"
        + "m, s = pty.openpty()\nprint(os.ttyname(s), flush=True)\n"
        + "print(os.read(m, 64).decode().strip(), flush=True)\ntime.sleep(60)\n").start();
    try {
      BufferedReader ptyOut = new BufferedReader(new InputStreamReader(pty.getInputStream(),
          StandardCharsets.UTF_8));
      String slave = ptyOut.readLine();
      EdgeProcess.Result dev = docker(runNone("--device", slave + ":/dev/ttyUSB0", "sh", "-c",
          "test -c /dev/ttyUSB0 && echo to-the-board > /dev/ttyUSB0"));
      assertEquals(0, dev.exit(), dev.err());
      assertEquals("to-the-board", ptyOut.readLine(), "the write reached the host's pty");
    } finally {
      pty.destroyForcibly().waitFor();
    }
  }

  @Test
  void environmentWorkdirUserAndGroupsReachTheProcess() throws Exception {
    EdgeProcess.Result r = docker(runNone("-e", "GREETING=hello", "-w", "/tmp/work", "-u",
        "nobody", "--group-add", "4321", "sh", "-c", "echo $GREETING $(pwd) $(id -un) $(id -G)"));
    assertEquals("hello /tmp/work nobody 65534 4321\n", r.out(), r.err());
  }

  @Test
  void memoryCpuAndPidLimitsReachTheContainersCgroup() throws Exception {
    // cgroup v1 (this kind of machine) or v2 (Raspberry Pi OS): the container sees its own.
    EdgeProcess.Result r = docker(runNone("--memory", "64m", "--cpus", "0.5", "--pids-limit",
        "50", "sh", "-c", "if [ -f /sys/fs/cgroup/memory.max ]; then cat /sys/fs/cgroup/memory.max"
            + " /sys/fs/cgroup/cpu.max /sys/fs/cgroup/pids.max; else"
            + " cat /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/cpu/cpu.cfs_quota_us"
            + " /sys/fs/cgroup/pids/pids.max; fi"));
    assertEquals(0, r.exit(), r.err());
    List<String> lines = List.of(r.out().strip().split("\n"));
    assertEquals("67108864", lines.get(0));
    assertTrue(lines.get(1).startsWith("50000"), lines.get(1));
    assertEquals("50", lines.get(2));
  }

  @Test
  void everyLifecycleStepIsAnEvent() throws Exception {
    String since = Long.toString(System.currentTimeMillis() / 1000 - 1);
    String watched = name("watched");
    assertEquals(0, docker("run", "--rm", "--name", watched, "--network", "none", image, "true")
        .exit());
    String until = Long.toString(System.currentTimeMillis() / 1000 + 1);
    EdgeProcess.Result events = docker("events", "--since", since, "--until", until, "--filter",
        "container=" + watched, "--format", "{{.Action}}");
    assertEquals(0, events.exit(), events.err());
    List<String> actions = List.of(events.out().strip().split("\n"));
    assertEquals(List.of("create", "attach", "start", "die", "destroy"), actions.stream()
        .filter(a -> !a.startsWith("exec_")).toList(), events.out());
  }

  @Test
  void noneNetworkHasOnlyLoopbackAndNoRouteOut() throws Exception {
    EdgeProcess.Result r = docker(runNone("sh", "-c",
        "ls /sys/class/net; wc -l < /proc/net/route"));
    assertEquals("lo\n1\n", r.out(), r.err()); // the route table holds its header only
  }

  @Test
  void bridgeContainersReachTheirGateway() throws Exception {
    EdgeProcess.Result r = docker("run", "--rm", image, "sh", "-c",
        "ip route | grep default; ls /sys/class/net | sort");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().startsWith("default via 10.197."), r.out());
    assertTrue(r.out().contains("eth0\nlo\n"), r.out());
  }

  // ---- bad input: a clear error, nothing leaked, the daemon keeps serving ----

  @Test
  void missingImageIsAClearError() throws Exception {
    EdgeProcess.Result r = docker("run", "--rm", "--network", "none",
        registry.host() + "/no-such-image:1", "true");
    assertEquals(125, r.exit());
    assertTrue(r.err().contains("no-such-image"), r.err());
    assertStillServing();
  }

  @Test
  void invalidMountsAreRefusedBeforeAnythingRuns() throws Exception {
    EdgeProcess.Result missing = docker(runNone("--mount", "type=bind,source="
        + dir.resolve("absent") + ",target=/x", "true"));
    assertEquals(125, missing.exit());
    assertTrue(missing.err().contains(dir.resolve("absent").toString()), missing.err());
    EdgeProcess.Result relative = docker(runNone("--mount",
        "type=bind,source=relative/dir,target=/x", "true"));
    assertEquals(125, relative.exit());
    assertTrue(relative.err().toLowerCase().contains("absolute"), relative.err());
    assertStillServing();
  }

  @Test
  void aHostPortInUseFailsTheStartAndLeaksNothing() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress("0.0.0.0", 0));
      int port = taken.getLocalPort();
      Set<String> before = allocations();
      String blocked = name("blocked");
      EdgeProcess.Result r = docker("run", "-d", "--name", blocked, "-p", port + ":80", image,
          "true");
      assertEquals(125, r.exit());
      assertTrue(r.err().contains(Integer.toString(port)), r.err());
      String id = inspect(blocked, "{{.Id}}");
      containerIds.add(id);
      assertEquals("created", inspect(blocked, "{{.State.Status}}"), "as Docker leaves it");
      assertEquals(before, allocations(), "no address kept for it");
      assertFalse(Files.exists(Path.of("/run/netns", bridge + "-" + id)));
      assertFalse(mounts().contains(id), "no rootfs mount kept for it");
    }
    assertStillServing();
  }

  @Test
  void duplicateNamesAndRemovingARunningContainerAreRefused() throws Exception {
    String twice = name("twice");
    assertEquals(0, docker(runDetached(twice, "sleep", "30")).exit());
    EdgeProcess.Result again = docker(runDetached(twice, "true"));
    assertEquals(125, again.exit());
    assertTrue(again.err().contains("is already in use"), again.err());
    EdgeProcess.Result rm = docker("rm", twice);
    assertNotEquals(0, rm.exit());
    assertTrue(rm.err().contains("running"), rm.err());
    assertEquals("running", inspect(twice, "{{.State.Status}}"), "the refusal changed nothing");
    EdgeProcess.Result unknownRuntime = docker(runNone("--runtime", "nope", "true"));
    assertEquals(125, unknownRuntime.exit());
    assertTrue(unknownRuntime.err().contains("unknown or invalid runtime name: nope"),
        unknownRuntime.err());
    assertStillServing();
  }

  @Test
  void aContainerThatExitsAtOnceIsRecorded() throws Exception {
    String quick = name("quick");
    assertEquals(0, docker(runDetached(quick, "true")).exit());
    assertEquals("0", docker("wait", quick).out().strip());
    assertEquals("exited 0", inspect(quick, "{{.State.Status}} {{.State.ExitCode}}"));
    assertEquals("", docker("logs", quick).out());
    assertEquals(0, docker("start", quick).exit(), "and starts again");
    assertEquals("0", docker("wait", quick).out().strip());
  }

  @Test
  void aContainerFillingItsLogIsCappedAndKeepsItsNewestLines() throws Exception {
    String chatty = name("chatty");
    assertEquals(0, docker(runDetached(chatty, "--log-opt", "max-size=64k", "sh", "-c",
        "i=0; while [ $i -lt 20000 ]; do echo line-$i; i=$((i+1)); done")).exit());
    assertEquals("0", docker("wait", chatty).out().strip());
    String id = inspect(chatty, "{{.Id}}");
    long size = Files.size(root.resolve("containers").resolve(id).resolve("container.log"));
    assertTrue(size <= 64 * 1024, "log is " + size + " bytes over its 64k cap");
    assertEquals("line-19999\n", docker("logs", "--tail", "1", chatty).out());
    assertStillServing();
  }

  @Test
  void aMissingRuntimeBinaryIsNamedAndTheDaemonServesOn() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin-without-runtimes"));
    for (String tool : List.of("sh", "readlink", "dirname", "ls", "sort", "tr", "find", "head",
        "mv", "rm")) {
      Path real = Path.of("/usr/bin", tool);
      Files.createSymbolicLink(bin.resolve(tool), Files.exists(real) ? real
          : Path.of("/bin", tool));
    }
    Path otherRoot = dir.resolve("root-without-runtimes");
    String otherHost = "unix://" + dir.resolve("edge-without-runtimes.sock");
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("PATH", bin.toString());
    env.put("JAVA_HOME", System.getProperty("java.home"));
    Process other = startDaemonWith(env, otherRoot, otherHost);
    try {
      EdgeProcess.Result pull = EdgeProcess.run(docker, "-H", otherHost, "pull", image);
      assertEquals(0, pull.exit(), pull.err());
      EdgeProcess.Result r = EdgeProcess.run(docker, "-H", otherHost, "run", "--rm",
          "--network", "none", image, "true");
      assertEquals(125, r.exit());
      assertTrue(r.err().contains("install crun or runc"), r.err());
      assertEquals(0, EdgeProcess.run(docker, "-H", otherHost, "ps").exit());
    } finally {
      EdgeProcess.stop(other);
    }
  }

  // ---- helpers ----

  private String name(String base) {
    String n = base + "-" + ProcessHandle.current().pid() + "-" + names.size();
    names.add(n);
    return n;
  }

  private static List<String> runNone(String... args) {
    List<String> all = new ArrayList<>(List.of("run", "--rm", "--network", "none"));
    int imageAt = 0;
    while (imageAt < args.length && args[imageAt].startsWith("-")) {
      imageAt += 2; // every option used here takes a value
    }
    all.addAll(List.of(args).subList(0, imageAt));
    all.add(image);
    all.addAll(List.of(args).subList(imageAt, args.length));
    return all;
  }

  private static String[] runDetached(String name, String... args) {
    List<String> all = new ArrayList<>(List.of("run", "-d", "--name", name, "--network", "none"));
    int imageAt = 0;
    while (imageAt < args.length && args[imageAt].startsWith("-")) {
      imageAt += 2;
    }
    all.addAll(List.of(args).subList(0, imageAt));
    all.add(image);
    all.addAll(List.of(args).subList(imageAt, args.length));
    return all.toArray(new String[0]);
  }

  private static EdgeProcess.Result docker(List<String> args) throws Exception {
    return docker(args.toArray(new String[0]));
  }

  private static EdgeProcess.Result docker(String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of(docker, "-H", host));
    all.addAll(List.of(args));
    EdgeProcess.Result r = EdgeProcess.run(all.toArray(new String[0]));
    if (args.length > 0 && args[0].equals("run") && r.exit() == 0 && List.of(args).contains("-d")) {
      containerIds.add(r.out().strip());
    }
    return r;
  }

  private static String inspect(String name, String format) throws Exception {
    EdgeProcess.Result r = docker("inspect", "--format", format, name);
    assertEquals(0, r.exit(), r.err());
    return r.out().strip();
  }

  private static void assertStillServing() throws Exception {
    EdgeProcess.Result ps = docker("ps");
    assertEquals(0, ps.exit(), "the daemon keeps serving: " + ps.err());
  }

  private void awaitLog(String name, String text) throws Exception {
    await(() -> docker("logs", name).out().contains(text), name + " logs " + text);
  }

  private static void await(Callable<Boolean> condition, String what) throws Exception {
    long deadline = System.currentTimeMillis() + WAIT_MS;
    while (System.currentTimeMillis() < deadline) {
      if (condition.call()) {
        return;
      }
      Thread.sleep(POLL_MS);
    }
    fail("timed out waiting until " + what);
  }

  private static Process startDaemonWith(Map<String, String> env, Path otherRoot,
      String otherHost) throws Exception {
    Path log = dir.resolve("daemon-without-runtimes.log");
    ProcessBuilder pb = new ProcessBuilder(EdgeProcess.EDGE.toString(), "daemon", "--root",
        otherRoot.toString(), "--host", otherHost, "--bridge", bridge + "x")
        .redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().clear();
    pb.environment().putAll(env);
    Process p = pb.start();
    await(() -> {
      if (!p.isAlive()) {
        fail("daemon exited:\n" + Files.readString(log));
      }
      return Files.readString(log).contains("ready");
    }, "the runtime-less daemon is ready");
    return p;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static HttpResponse<String> get(String url) throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    IOException last = null;
    long deadline = System.currentTimeMillis() + WAIT_MS;
    while (System.currentTimeMillis() < deadline) {
      try {
        return client.send(HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        last = e; // httpd may not listen yet
        Thread.sleep(POLL_MS);
      }
    }
    throw new AssertionError("no answer from " + url, last);
  }

  private static Set<String> allocations() throws IOException {
    Set<String> ips = new LinkedHashSet<>();
    Path ipam = root.resolve("network").resolve("ipam");
    if (!Files.isDirectory(ipam)) {
      return ips;
    }
    try (var walk = Files.walk(ipam)) {
      walk.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
          .filter(n -> n.matches("\\d+\\.\\d+\\.\\d+\\.\\d+")).forEach(ips::add);
    }
    return ips;
  }

  private static String mounts() throws IOException {
    return Files.readString(Path.of("/proc/mounts"));
  }

  private static void assertHostClean() throws Exception {
    List<String> leaks = new ArrayList<>();
    for (String line : mounts().split("\n")) {
      if (line.contains(dir.toString())) {
        leaks.add("mount: " + line);
      }
    }
    try (DirectoryStream<Path> netns = Files.newDirectoryStream(Path.of("/run/netns"),
        bridge + "-*")) {
      netns.forEach(p -> leaks.add("network namespace: " + p));
    } catch (java.nio.file.NoSuchFileException e) {
      // no namespaces at all
    }
    allocations().forEach(ip -> leaks.add("host-local address: " + ip));
    Path runtimes = root.resolve("runtime");
    if (Files.isDirectory(runtimes)) {
      try (var walk = Files.walk(runtimes, 2)) {
        walk.filter(p -> p.getFileName().toString().matches("[0-9a-f]{64}"))
            .forEach(p -> leaks.add("runtime state: " + p));
      }
    }
    String nat = EdgeProcess.run("iptables-save").out();
    for (String id : containerIds) {
      if (id.isEmpty()) {
        continue;
      }
      if (nat.contains(id)) {
        leaks.add("iptables rule for " + id);
      }
      for (String controller : List.of("memory", "pids", "cpu", "unified", "")) {
        Path cgroup = Path.of("/sys/fs/cgroup", controller, "edge", id);
        if (Files.exists(cgroup)) {
          leaks.add("cgroup: " + cgroup);
        }
      }
      EdgeProcess.Result monitors = EdgeProcess.run("pgrep", "-f", "conmon.*" + id);
      if (!monitors.out().isBlank()) {
        leaks.add("conmon of " + id + ": " + monitors.out().strip());
      }
    }
    assertEquals(List.of(), leaks, "the host keeps nothing of the suite's containers");
  }
}
