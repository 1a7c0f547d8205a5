package dev.edge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edge.runtime.image.Platform;
import dev.edge.runtime.image.fixtures.OciLayout;
import dev.edge.runtime.image.fixtures.TestImages;
import dev.edge.runtime.registry.LocalRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The container commands as users run them: bin/edge against an edge daemon started through
 * bin/edge, with busybox pulled from a loopback registry on first use. Containers run with
 * {@code --network none}: these tests are about the CLI, the network has its own.
 *
 * <p>{@code -Dcontainers.it.engine=unix:///…/docker.sock} runs the same tests against another
 * engine instead, e.g. Debian's dockerd, to check that they expect what Docker does.
 */
class ContainersCliIntegrationTest {
  static final String OTHER_ENGINE = "containers.it.engine";
  private static final long WAIT_S = 60;
  private static final long OUTPUT_POLL_MS = 50;

  private static Path dir;
  private static LocalRegistry registry;
  private static Process daemon;
  private static String host;
  private static String image;
  /** The same image under a name no other test runs: only the first-use test pulls it. */
  private static String unpulled;
  private final List<String> created = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("edge-containers-cli");
    registry = LocalRegistry.start(LocalRegistry.Mode.PLAIN);
    OciLayout layout = new OciLayout(dir.resolve("layout"));
    TestImages.busybox(layout, "busybox", new Platform("linux", "amd64", ""));
    image = registry.host() + "/busybox:latest";
    TestImages.skopeoPush(layout.dir(), "busybox", image, true);
    unpulled = registry.host() + "/first-use:1";
    TestImages.skopeoPush(layout.dir(), "busybox", unpulled, true);
    String other = System.getProperty(OTHER_ENGINE);
    if (other != null) {
      host = other; // checking the tests themselves against another engine
      return;
    }
    host = "unix://" + dir.resolve("edge.sock");
    daemon = EdgeProcess.startDaemon(dir.resolve("root"), host, dir.resolve("daemon.log"));
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      EdgeProcess.stop(daemon);
    } finally {
      // After a failure: the suite's monitors, runtime state and mounts, found by its directory
      // (the daemon uses the default bridge, which is not this suite's to remove).
      HostScrub.scrub(dir, "edgecli-no-bridge-of-its-own");
      if (registry != null) {
        registry.close();
      }
      EdgeProcess.deleteTree(dir);
    }
  }

  @AfterEach
  void removeContainers() throws Exception {
    for (String name : created) {
      edge("rm", "-f", name);
    }
  }

  private static EdgeProcess.Result edge(String... args) throws Exception {
    return EdgeProcess.edgeWithEnv("EDGE_HOST", host, args);
  }

  private String named(String name) {
    created.add(name);
    return name;
  }

  private static String[] run(String... args) {
    List<String> all = new ArrayList<>(List.of("run", "--network", "none"));
    all.addAll(List.of(args));
    return all.toArray(new String[0]);
  }

  @Test
  void runPullsOnFirstUseAndExitsWithTheContainersCode() throws Exception {
    EdgeProcess.Result r = edge(run("--rm", unpulled, "sh", "-c",
        "echo to-stdout; echo to-stderr >&2; exit 3"));
    assertEquals(3, r.exit(), r.err());
    assertEquals("to-stdout\n", r.out());
    assertTrue(r.err().startsWith("Unable to find image '" + unpulled + "' locally\n"), r.err());
    assertTrue(r.err().contains("Status: Downloaded newer image for " + unpulled), r.err());
    assertTrue(r.err().endsWith("to-stderr\n"), r.err());

    EdgeProcess.Result again = edge(run("--rm", unpulled, "true"));
    assertEquals(0, again.exit(), again.err());
    assertEquals("", again.err(), "no second pull");
    assertFalse(edge("ps", "-a", "--format", "{{.Image}}").out().contains(unpulled),
        "--rm containers are removed by the time run returns");
  }

  @Test
  void commandsThatCannotRunExitLikeDockerRun() throws Exception {
    EdgeProcess.Result missing = edge(run("--rm", image, "no-such-command"));
    assertEquals(127, missing.exit(), missing.err());
    assertTrue(missing.err().startsWith("edge: Error response from daemon: "), missing.err());
    EdgeProcess.Result notExecutable = edge(run("--rm", image, "/etc/passwd"));
    assertEquals(126, notExecutable.exit(), notExecutable.err());
    EdgeProcess.Result badFlag = edge(run("--rm", "-p", "abc", image, "true"));
    assertEquals(125, badFlag.exit(), badFlag.err());
    assertTrue(badFlag.err().contains("\"-p, --publish\" flag"), badFlag.err());
  }

  @Test
  void environmentWorkdirUserAndArgumentsReachTheProcess() throws Exception {
    Path envFile = dir.resolve("app.env");
    Files.writeString(envFile, "# settings\nFROM_FILE=file value\n");
    EdgeProcess.Result r = EdgeProcess.run(java.util.Map.of("EDGE_HOST", host, "FROM_CLIENT",
        "client value"), prepend(EdgeProcess.EDGE.toString(), run("--rm", "-e", "FROM_CLIENT",
        "-e", "UNSET_IN_CLIENT", "-e", "SET=x=y", "--env-file", envFile.toString(), "-w", "/tmp",
        "-u", "65534:65534", image, "sh", "-c",
        "echo \"$FROM_CLIENT|$FROM_FILE|$SET|${UNSET_IN_CLIENT-unset}\"; pwd; id -u; id -g",
        "-l")));
    assertEquals(0, r.exit(), r.err());
    assertEquals("client value|file value|x=y|unset\n/tmp\n65534\n65534\n", r.out());
  }

  @Test
  void stdinIsPassedAndItsEndReachesTheContainer() throws Exception {
    Path input = dir.resolve("input.txt");
    Files.writeString(input, "line one\nline two\n");
    EdgeProcess.Result r = withStdin(input, run("--rm", "-i", image, "sh", "-c",
        "cat; echo after-eof"));
    assertEquals(0, r.exit(), r.err());
    assertEquals("line one\nline two\nafter-eof\n", r.out());
  }

  @Test
  void detachedLifecycleLogsExecStopAndRemove() throws Exception {
    String name = named("lifecycle");
    EdgeProcess.Result started = edge(run("-d", "--name", name, "-l", "role=test", image, "sh",
        "-c", "echo started; echo warn >&2; trap 'echo stopping; exit 0' TERM;"
            + " while true; do sleep 0.1; done"));
    assertEquals(0, started.exit(), started.err());
    String id = started.out().strip();
    assertTrue(id.matches("[0-9a-f]{64}"), id);

    EdgeProcess.Result ps = edge("ps", "--filter", "label=role=test");
    assertTrue(ps.out().startsWith("CONTAINER ID   IMAGE"), ps.out());
    assertTrue(ps.out().contains(id.substring(0, 12)), ps.out());
    assertTrue(ps.out().contains(" Up "), ps.out());
    assertTrue(ps.out().strip().endsWith(name), ps.out());
    assertEquals(id, edge("ps", "-q", "--no-trunc", "--filter", "name=" + name).out().strip());

    awaitLog(name, "started");
    EdgeProcess.Result logs = edge("logs", name);
    assertEquals("started\n", logs.out());
    assertEquals("warn\n", logs.err());

    EdgeProcess.Result exec = edge("exec", "-e", "E=1", "-w", "/etc", name, "sh", "-c",
        "echo $E $(pwd); echo oops >&2; exit 7");
    assertEquals(7, exec.exit(), exec.err());
    assertEquals("1 /etc\n", exec.out());
    assertEquals("oops\n", exec.err());
    Path input = dir.resolve("exec-input.txt");
    Files.writeString(input, "via exec stdin\n");
    EdgeProcess.Result execStdin = withStdin(input, "exec", "-i", name, "cat");
    assertEquals("via exec stdin\n", execStdin.out(), execStdin.err());

    EdgeProcess.Result rmRunning = edge("rm", name);
    assertEquals(1, rmRunning.exit());
    assertTrue(rmRunning.err().startsWith("Error response from daemon: "), rmRunning.err());

    EdgeProcess.Result stop = edge("stop", "-t", "5", name);
    assertEquals(0, stop.exit(), stop.err());
    assertEquals(name + "\n", stop.out());
    assertEquals("0\n", edge("wait", name).out());
    assertTrue(edge("logs", name).out().contains("stopping"));
    EdgeProcess.Result exited = edge("ps", "-a", "--filter", "name=" + name, "--format",
        "{{.Status}}");
    assertTrue(exited.out().startsWith("Exited (0) "), exited.out());
    EdgeProcess.Result inspect = edge("inspect", name);
    assertTrue(inspect.out().startsWith("[\n    {\n        \"Id\": \"" + id + "\""),
        inspect.out());
    assertEquals("exited 0", edge("container", "inspect", "--format",
        "{{.State.Status}} {{.State.ExitCode}}", name).out().strip());

    EdgeProcess.Result rm = edge("rm", name, "no-such-container");
    assertEquals(1, rm.exit());
    assertEquals(name + "\n", rm.out());
    assertTrue(rm.err().contains("no-such-container"), rm.err());
  }

  @Test
  void createThenStartAttachedAndKill() throws Exception {
    String name = named("created");
    EdgeProcess.Result create = edge("create", "--network", "none", "--name", name, image, "sh",
        "-c", "echo from-start; exit 4");
    assertEquals(0, create.exit(), create.err());
    assertEquals("Created", edge("ps", "-a", "--filter", "name=" + name, "--format",
        "{{.Status}}").out().strip());
    EdgeProcess.Result start = edge("start", "-a", name);
    assertEquals(4, start.exit(), start.err());
    assertEquals("from-start\n", start.out());

    String sleeper = named("sleeper");
    assertEquals(0, edge(run("-d", "--name", sleeper, image, "sleep", "300")).exit());
    EdgeProcess.Result kill = edge("kill", "-s", "KILL", sleeper);
    assertEquals(sleeper + "\n", kill.out(), kill.err());
    assertEquals("137\n", edge("wait", sleeper).out());
  }

  @Test
  void signalsToEdgeRunAreForwardedToTheContainer() throws Exception {
    Path out = dir.resolve("signal.out");
    Process p = new ProcessBuilder(prepend(EdgeProcess.EDGE.toString(), prepend("-H",
        prepend(host, run("--rm", image, "sh", "-c", "trap 'echo got-term; exit 42' TERM;"
            + " echo ready; while true; do sleep 0.1; done")))))
        .redirectOutput(out.toFile()).redirectError(dir.resolve("signal.err").toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    try {
      awaitFile(out, "ready", p);
      p.destroy(); // SIGTERM to edge, which passes it on
      assertTrue(p.waitFor(WAIT_S, TimeUnit.SECONDS));
      assertEquals(42, p.exitValue(), Files.readString(dir.resolve("signal.err")));
      assertEquals("ready\ngot-term\n", Files.readString(out));
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void aTtySessionIsSizedLikeTheTerminalAndRestoresIt() throws Exception {
    // The console may get its size a moment after the process starts (Docker's too): ask again.
    String edgeCmd = EdgeProcess.EDGE + " -H " + host + " run --rm -it --network none " + image
        + " sh -c 'for i in 1 2 3 4 5 6 7 8 9 10; do s=$(busybox stty size 2>/dev/null)"
        + "; [ -n \"$s\" ] && [ \"$s\" != \"0 0\" ] && break; sleep 0.2; done; echo $s'";
    EdgeProcess.Result r = EdgeProcess.run("script", "-qec", "stty rows 41 cols 133; " + edgeCmd
        + "; echo exit=$?; stty -a", "/dev/null");
    assertEquals(0, r.exit(), r.err());
    String text = r.out().replace("\r", "");
    assertTrue(text.contains("41 133\n"), text);
    assertTrue(text.contains("exit=0\n"), text);
    String settings = text.substring(text.indexOf("exit=0"));
    assertTrue(settings.contains(" icanon") && settings.contains(" echo "), "terminal left raw: "
        + settings);
  }

  @Test
  void pruneRemovesStoppedContainers() throws Exception {
    String name = "pruned";
    assertEquals(0, edge("create", "--network", "none", "--name", name, image, "true").exit());
    EdgeProcess.Result prune = edge("container", "prune", "-f");
    assertEquals(0, prune.exit(), prune.err());
    assertTrue(prune.out().startsWith("Deleted Containers:\n"), prune.out());
    assertTrue(prune.out().endsWith("\nTotal reclaimed space: 0B\n"), prune.out());
    assertEquals("", edge("ps", "-a", "-q", "--filter", "name=" + name).out());
  }

  private void awaitLog(String container, String text) throws Exception {
    long deadline = System.currentTimeMillis() + WAIT_S * 1000;
    while (!edge("logs", container).out().contains(text)) {
      assertTrue(System.currentTimeMillis() < deadline, "no '" + text + "' in the logs");
      Thread.sleep(OUTPUT_POLL_MS);
    }
  }

  /** Waits for {@code text} in what {@code writer} writes to {@code file}, while it runs. */
  private static void awaitFile(Path file, String text, Process writer) throws Exception {
    long deadline = System.currentTimeMillis() + WAIT_S * 1000;
    while (!Files.readString(file, StandardCharsets.UTF_8).contains(text)) {
      assertTrue(System.currentTimeMillis() < deadline, "no '" + text + "' in " + file);
      assertTrue(writer.isAlive(), "exited " + (writer.isAlive() ? "" : writer.exitValue())
          + " before writing '" + text + "': " + Files.readString(file.resolveSibling(
              "signal.err")));
      Thread.sleep(OUTPUT_POLL_MS);
    }
  }

  private static EdgeProcess.Result withStdin(Path input, String... args) throws IOException,
      InterruptedException {
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process p = new ProcessBuilder(prepend(EdgeProcess.EDGE.toString(), prepend("-H",
        prepend(host, args)))).redirectInput(input.toFile()).redirectOutput(out.toFile())
        .redirectError(err.toFile()).start();
    if (!p.waitFor(WAIT_S, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", args) + " did not finish");
    }
    return new EdgeProcess.Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  private static String[] prepend(String first, String... rest) {
    String[] all = new String[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }
}
