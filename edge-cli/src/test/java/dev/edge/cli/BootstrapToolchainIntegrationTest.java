package dev.edge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The slow one (a few minutes cold): {@code edge bootstrap debian:bookworm} from this machine's
 * apt mirror, then {@code toolchain-images/esp8266-debian} built on it through
 * {@code DOCKER_BUILDKIT=0 docker build} against the daemon (and again, all cached, through
 * {@code edge build}), then Debian's xtensa gcc run in the result. The bootstrapped root is cached in {@value #CACHE} (as the other test fixtures under
 * /var/cache/edge-test), so a rerun skips debootstrap; delete it for a cold run.
 */
class BootstrapToolchainIntegrationTest {
  static final String CACHE = "/var/cache/edge-test/bootstrap";
  private static final Duration BOOTSTRAP_LIMIT = Duration.ofMinutes(4);
  private static final Duration BUILD_LIMIT = Duration.ofMinutes(4);
  private static final Path RECIPE = Path.of(System.getProperty("user.dir"))
      .resolve("../toolchain-images/esp8266-debian").normalize();
  private static Path dir;
  private static Process daemon;
  private static String host;
  private static String docker;
  private static String bridge;

  @BeforeAll
  static void start() throws Exception {
    docker = EdgeProcess.dockerCli().orElseThrow(() -> new AssertionError(
        "no docker CLI on PATH: scripts/install-deps --test installs docker.io"));
    assertTrue(Files.isExecutable(Path.of("/usr/sbin/debootstrap")),
        "no debootstrap: scripts/install-deps --test installs it");
    dir = Files.createTempDirectory("edge-bootstrap");
    int slot = (int) (ProcessHandle.current().pid() % 250);
    bridge = "edgebt" + slot;
    host = "unix://" + dir.resolve("edge.sock");
    daemon = EdgeProcess.startDaemon(dir.resolve("root"), host, dir.resolve("daemon.log"),
        "--bridge", bridge, "--bip", "10.195." + slot + ".0/24");
  }

  @AfterAll
  static void stopAndCheckTheHostIsClean() throws Exception {
    try {
      if (daemon != null) {
        for (String id : docker(Duration.ofSeconds(60), "ps", "-aq", "--no-trunc").out().strip()
            .split("\n")) {
          if (!id.isBlank()) {
            docker(Duration.ofSeconds(60), "rm", "-f", id);
          }
        }
        EdgeProcess.stop(daemon);
        assertEquals(List.of(), HostScrub.leaks(dir, bridge), "the host keeps nothing");
      }
    } finally {
      HostScrub.scrub(dir, bridge);
      EdgeProcess.deleteTree(dir);
    }
  }

  private static EdgeProcess.Result docker(Duration limit, String... args) throws Exception {
    String[] all = new String[args.length + 3];
    all[0] = docker;
    all[1] = "-H";
    all[2] = host;
    System.arraycopy(args, 0, all, 3, args.length);
    return EdgeProcess.run(limit, Map.of("DOCKER_BUILDKIT", "0"), all);
  }

  @Test
  void bootstrappedDebianBuildsTheEsp8266ToolchainImage() throws Exception {
    long t0 = System.nanoTime();
    EdgeProcess.Result bootstrap = EdgeProcess.run(BOOTSTRAP_LIMIT, Map.of("EDGE_HOST", host),
        EdgeProcess.EDGE.toString(), "bootstrap", "debian:bookworm", "--cache", CACHE);
    assertEquals(0, bootstrap.exit(), bootstrap.err());
    String id = bootstrap.out().strip();
    assertTrue(id.matches("sha256:[0-9a-f]{64}"), bootstrap.out());
    long t1 = System.nanoTime();

    EdgeProcess.Result slim = docker(Duration.ofSeconds(60), "run", "--rm", "--network",
        "none", "debian:bookworm-slim", "sh", "-c", "cat /etc/debian_version; echo $PATH");
    assertEquals(0, slim.exit(), slim.err());
    assertTrue(slim.out().startsWith("12."), slim.out());
    assertTrue(slim.out().contains("/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin"),
        slim.out());

    EdgeProcess.Result build = docker(BUILD_LIMIT, "build", "-t", "esp8266-debian:it",
        RECIPE.toString());
    assertEquals(0, build.exit(), build.out() + build.err());
    assertTrue(build.out().contains("Successfully tagged esp8266-debian:it"), build.out());
    long t2 = System.nanoTime();

    EdgeProcess.Result again = EdgeProcess.run(Duration.ofSeconds(60), Map.of("EDGE_HOST",
        host), EdgeProcess.EDGE.toString(), "build", "-t", "esp8266-debian:edge",
        RECIPE.toString());
    assertEquals(0, again.exit(), again.out() + again.err());
    assertTrue(again.out().contains("Using cache") && !again.out().contains("Running in"),
        "edge build of the same recipe reuses every step docker build made: " + again.out());

    EdgeProcess.Result gcc = docker(Duration.ofSeconds(60), "run", "--rm", "--network", "none",
        "esp8266-debian:it", "xtensa-lx106-elf-gcc", "--version");
    assertEquals(0, gcc.exit(), gcc.err());
    assertTrue(gcc.out().startsWith("xtensa-lx106-elf-gcc"), gcc.out());
    blinkBuildsThroughItsRecipeAndIsDeployedToTheSimulator();
    System.out.printf("bootstrap %.1f s (%s), toolchain build %.1f s%n", (t1 - t0) / 1e9,
        bootstrap.err().contains("using the cached") ? "cached" : "debootstrap",
        (t2 - t1) / 1e9);
  }

  /**
   * The README's main job, offline: examples/esp8266/blink as committed (its toolchain is the
   * recipe, built on the bootstrapped base), checked by our image parser, deployed to the
   * simulator, and the simulator's flash compared with the image.
   */
  private void blinkBuildsThroughItsRecipeAndIsDeployedToTheSimulator() throws Exception {
    Path repo = Path.of(System.getProperty("user.dir")).resolve("..").normalize();
    Path copy = dir.resolve("repo");
    Path project = copy.resolve("examples/esp8266/blink");
    copyTree(repo.resolve("examples/esp8266/blink"), project);
    copyTree(RECIPE, copy.resolve("toolchain-images/esp8266-debian"));
    Map<String, String> env = Map.of("EDGE_HOST", host);
    EdgeProcess.Result build = EdgeProcess.run(BUILD_LIMIT, env, EdgeProcess.EDGE.toString(),
        "firmware", "build", project.toString());
    assertEquals(0, build.exit(), build.out() + build.err());
    assertTrue(build.out().contains("edge-recipe/esp8266-debian:local"), build.out());
    Path image = project.resolve("build/edge/blink-0x00000.bin");
    EdgeProcess.Result info = EdgeProcess.run(Duration.ofSeconds(60), env,
        EdgeProcess.EDGE.toString(), "firmware", "image-info", image.toString());
    assertEquals(0, info.exit(), info.out() + info.err());

    Path link = dir.resolve("esp8266");
    Path flash = dir.resolve("flash.bin");
    Process sim = new ProcessBuilder(EdgeProcess.EDGE.toString(), "sim", "esp8266", "--link",
        link.toString(), "--flash", flash.toString(), "--flash-size", "1MB", "--timing", "fast")
        .redirectErrorStream(true).redirectOutput(dir.resolve("sim.log").toFile()).start();
    try {
      for (int i = 0; i < 100 && !Files.exists(link); i++) {
        Thread.sleep(100);
      }
      assertTrue(Files.exists(link), "no simulator: " + Files.readString(dir.resolve("sim.log")));
      EdgeProcess.Result deploy = EdgeProcess.run(Duration.ofSeconds(120), env,
          EdgeProcess.EDGE.toString(), "firmware", "deploy", project.toString(), "--port",
          link.toString());
      assertEquals(0, deploy.exit(), deploy.out() + deploy.err());
      byte[] bin = Files.readAllBytes(image);
      assertTrue(java.util.Arrays.equals(bin, java.util.Arrays.copyOf(Files.readAllBytes(flash),
          bin.length)), "the simulator's flash holds the built image");
    } finally {
      sim.destroy();
      sim.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
    }
  }

  private static void copyTree(Path from, Path to) throws Exception {
    Files.createDirectories(to.getParent());
    assertEquals(0, EdgeProcess.run("cp", "-a", from.toString(), to.toString()).exit());
    EdgeProcess.run("rm", "-rf", to.resolve("build").toString());
  }
}
