package dev.edge.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Runs bin/edge and other commands as a user would, for integration tests. */
public final class EdgeProcess {
  /** The launcher in the source tree; the integration tests run after `package`. */
  public static final Path EDGE = Path.of(System.getProperty("user.dir")).resolve("../bin/edge")
      .normalize();
  private static final long COMMAND_TIMEOUT_S = 60;
  private static final long DAEMON_START_TIMEOUT_MS = 30_000;

  private EdgeProcess() {}

  /** What a finished command printed and how it exited. */
  public record Result(int exit, String out, String err) {}

  public static Result edge(String... args) throws Exception {
    return run(Map.of(), prepend(EDGE.toString(), args));
  }

  public static Result edgeWithEnv(String key, String value, String... args) throws Exception {
    return run(Map.of(key, value), prepend(EDGE.toString(), args));
  }

  public static Result run(String... command) throws Exception {
    return run(Map.of(), command);
  }

  public static Result run(Map<String, String> env, String... command) throws Exception {
    return run(java.time.Duration.ofSeconds(COMMAND_TIMEOUT_S), env, command);
  }

  /** As {@link #run(Map, String...)}, for the slow commands (debootstrap, an apt-get build). */
  public static Result run(java.time.Duration timeout, Map<String, String> env,
      String... command) throws Exception {
    Path out = Files.createTempFile("edge-out", ".txt");
    Path err = Files.createTempFile("edge-err", ".txt");
    try {
      ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile())
          .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File(
              "/dev/null")));
      pb.environment().remove("EDGE_HOST");
      pb.environment().putAll(env);
      Process p = pb.start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        throw new AssertionError(String.join(" ", command) + " did not finish in "
            + timeout.toSeconds() + "s:\n" + Files.readString(out, StandardCharsets.UTF_8)
            + Files.readString(err, StandardCharsets.UTF_8));
      }
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /** Starts {@code edge daemon} and waits until its socket answers. */
  public static Process startDaemon(Path root, String host, Path log, String... extra)
      throws Exception {
    List<String> cmd = new ArrayList<>(List.of(EDGE.toString(), "daemon", "--root",
        root.toString(), "--host", host));
    cmd.addAll(List.of(extra));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
        .start();
    Path socket = Path.of(host.substring("unix://".length()));
    long deadline = System.currentTimeMillis() + DAEMON_START_TIMEOUT_MS;
    while (System.currentTimeMillis() < deadline) {
      if (!p.isAlive()) {
        throw new AssertionError("daemon exited " + p.exitValue() + ":\n" + Files.readString(log));
      }
      if (Files.exists(socket) && Files.readString(log).contains("ready")) {
        return p;
      }
      Thread.sleep(50);
    }
    p.destroyForcibly();
    throw new AssertionError("daemon not ready after " + DAEMON_START_TIMEOUT_MS + "ms:\n"
        + Files.readString(log));
  }

  public static void stop(Process p) throws InterruptedException {
    if (p == null) {
      return;
    }
    p.destroy();
    if (!p.waitFor(20, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
    }
  }

  /**
   * Starts Debian's dockerd with its own data root and socket (no bridge, no iptables): an
   * independent engine for checking what edge pushed. Stop it with {@link #stop(Process)}.
   */
  public static Process startDockerd(Path dir) throws Exception {
    Path dockerd = Path.of("/usr/sbin/dockerd");
    if (!Files.isExecutable(dockerd)) {
      throw new AssertionError("no dockerd: scripts/install-deps --test installs docker.io");
    }
    Files.createDirectories(dir);
    Path socket = dir.resolve("docker.sock");
    Process p = new ProcessBuilder(dockerd.toString(), "--data-root", dir.resolve("data")
        .toString(), "--exec-root", dir.resolve("exec").toString(), "--pidfile",
        dir.resolve("docker.pid").toString(), "-H", "unix://" + socket, "--bridge=none",
        "--iptables=false", "--ip6tables=false", "--ip-masq=false")
        .redirectErrorStream(true).redirectOutput(dir.resolve("dockerd.log").toFile()).start();
    long deadline = System.currentTimeMillis() + DAEMON_START_TIMEOUT_MS;
    while (System.currentTimeMillis() < deadline) {
      if (!p.isAlive()) {
        throw new AssertionError("dockerd exited:\n" + Files.readString(dir.resolve("dockerd.log")));
      }
      if (Files.exists(socket) && run("docker", "-H", "unix://" + socket, "version").exit() == 0) {
        return p;
      }
      Thread.sleep(100);
    }
    p.destroyForcibly();
    throw new AssertionError("dockerd not ready:\n" + Files.readString(dir.resolve("dockerd.log")));
  }

  public static Optional<String> dockerCli() {
    return dockerClis().stream().findFirst();
  }

  /** Every docker CLI on PATH: machines ship a recent one, Debian's docker.io brings 20.10. */
  public static List<String> dockerClis() {
    List<String> found = new ArrayList<>();
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
      Path candidate = Path.of(dir, "docker");
      if (Files.isExecutable(candidate) && found.stream().noneMatch(f -> sameFile(f, candidate))) {
        found.add(candidate.toString());
      }
    }
    return found;
  }

  private static boolean sameFile(String a, Path b) {
    try {
      return Files.isSameFile(Path.of(a), b);
    } catch (IOException e) {
      return false;
    }
  }

  public static void deleteTree(Path dir) throws IOException {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private static String[] prepend(String first, String[] rest) {
    String[] all = new String[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }
}
