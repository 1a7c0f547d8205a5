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
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Dockerfile builder end to end: {@code edge build} and {@code DOCKER_BUILDKIT=0 docker
 * build} against a real daemon, busybox from a loopback registry, RUN steps in real containers.
 */
class BuildIntegrationTest {
  /** Small enough for the huge-context case to cross it, big enough for every other context. */
  private static final long CONTEXT_LIMIT = 4L << 20;

  private static Path dir;
  private static Path root;
  private static String host;
  private static String bridge;
  private static Process daemon;
  private static LocalRegistry registry;
  private static String base;
  private static String docker;

  @BeforeAll
  static void start() throws Exception {
    docker = EdgeProcess.dockerCli().orElseThrow(
        () -> new AssertionError("no docker CLI: scripts/install-deps --test installs docker.io"));
    dir = Files.createTempDirectory("edge-build-it");
    root = dir.resolve("root");
    registry = LocalRegistry.start(LocalRegistry.Mode.PLAIN);
    OciLayout layout = new OciLayout(dir.resolve("layout"));
    TestImages.busybox(layout, "busybox", new Platform("linux", "amd64", ""));
    base = registry.host() + "/busybox:latest";
    TestImages.skopeoPush(layout.dir(), "busybox", base, true);
    host = "unix://" + dir.resolve("edge.sock");
    int slot = (int) (ProcessHandle.current().pid() % 250);
    bridge = "edgebd" + slot;
    daemon = startDaemon(slot);
  }

  private static Process startDaemon(int slot) throws Exception {
    Path log = dir.resolve("daemon.log");
    ProcessBuilder pb = new ProcessBuilder(EdgeProcess.EDGE.toString(), "daemon", "--root",
        root.toString(), "--host", host, "--bridge", bridge, "--bip", "10.198." + slot + ".0/24")
        .redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("EDGE_BUILD_CONTEXT_LIMIT", Long.toString(CONTEXT_LIMIT));
    Process p = pb.start();
    Path socket = dir.resolve("edge.sock");
    long deadline = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < deadline) {
      if (!p.isAlive()) {
        fail("daemon exited:\n" + Files.readString(log));
      }
      if (Files.exists(socket) && Files.readString(log).contains("ready")) {
        return p;
      }
      Thread.sleep(50);
    }
    fail("daemon not ready:\n" + Files.readString(log));
    return p;
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      EdgeProcess.stop(daemon);
      assertEquals(List.of(), HostScrub.leaks(dir, bridge), "no build or container is left");
    } finally {
      HostScrub.scrub(dir, bridge);
      if (registry != null) {
        registry.close();
      }
      EdgeProcess.deleteTree(dir);
    }
  }

  // ---- instructions ----

  @Test
  void everyInstructionBuildsAndTheResultRuns() throws Exception {
    Path ctx = context("every");
    write(ctx.resolve("files/a.txt"), "file a\n");
    write(ctx.resolve("files/b.txt"), "file b\n");
    write(ctx.resolve("files/notes.md"), "not copied by the wildcard\n");
    write(ctx.resolve("secret.txt"), "must not reach the daemon\n");
    write(ctx.resolve(".dockerignore"), "secret.txt\n");
    tarGz(ctx.resolve("bundle.tar.gz"), Map.of("inner.txt", "from the tarball\n"));
    write(ctx.resolve("Dockerfile"), """
        # syntax=docker/dockerfile:1
        ARG BASE=%s
        FROM ${BASE} AS tools
        RUN mkdir -p /out && echo tool > /out/tool.txt

        FROM ${BASE}
        ARG GREETING=hello
        ENV APP_HOME=/srv/app \\
            MODE=test
        LABEL org.example.role="builder test"
        SHELL ["/bin/sh", "-c"]
        WORKDIR $APP_HOME/data
        COPY --chown=65534:65534 --chmod=0640 files/*.txt ./
        COPY --from=tools /out/tool.txt /opt/tool.txt
        ADD bundle.tar.gz /opt/bundle/
        COPY . /ctx/
        RUN rm /ctx/Dockerfile && echo "$GREETING from ${MODE:-none}" > /srv/app/greeting
        USER nobody
        EXPOSE 8080/tcp
        VOLUME /srv/app/state
        STOPSIGNAL SIGUSR1
        HEALTHCHECK --interval=30s CMD true
        ENTRYPOINT ["/bin/sh", "-c"]
        CMD ["cat /srv/app/greeting data/a.txt /opt/tool.txt /opt/bundle/inner.txt; id -u"]
        """.formatted(base));
    EdgeProcess.Result build = edge("build", "-t", "it-every:1", "--build-arg",
        "GREETING=hi", ctx.toString());
    assertEquals(0, build.exit(), build.out() + build.err());
    assertTrue(build.out().contains("Successfully tagged it-every:1"), build.out());

    EdgeProcess.Result run = docker("run", "--rm", "--network", "none", "-w", "/srv/app",
        "it-every:1");
    assertEquals("hi from test\nfile a\ntool\nfrom the tarball\n65534\n", run.out(), run.err());

    EdgeProcess.Result files = docker("run", "--rm", "--network", "none", "--entrypoint", "",
        "it-every:1", "sh", "-c", "ls /ctx/Dockerfile; stat -c '%u:%g %a' /srv/app/data/a.txt;"
            + " ls /srv/app/data; ls -a /ctx");
    assertTrue(files.err().contains("/ctx/Dockerfile: No such file"),
        "RUN rm of a lower layer's file leaves a whiteout: "
        + files.out() + files.err());
    assertTrue(files.out().contains("65534:65534 640"), files.out());
    assertFalse(files.out().contains("notes.md"), files.out());
    assertFalse(files.out().contains("secret.txt"), ".dockerignore: " + files.out());
    assertTrue(files.out().contains("bundle.tar.gz"), files.out());

    assertEquals("nobody|/srv/app/data|SIGUSR1|builder test|map[8080/tcp:{}]"
        + "|map[/srv/app/state:{}]|[CMD-SHELL true]", inspect("it-every:1",
            "{{.Config.User}}|{{.Config.WorkingDir}}|{{.Config.StopSignal}}"
            + "|{{index .Config.Labels \"org.example.role\"}}|{{.Config.ExposedPorts}}"
            + "|{{.Config.Volumes}}|{{.Config.Healthcheck.Test}}"));
    assertTrue(inspect("it-every:1", "{{.Config.Env}}").contains("APP_HOME=/srv/app"));

    String shown = docker("images", "-q").out();
    String all = docker("images", "-aq").out();
    String finalId = inspect("it-every:1", "{{.Id}}").substring("sha256:".length(), 19);
    // The target stage's steps: the tools stage's result has no child and stays visible
    // (dangling), as in Docker.
    String targetStage = build.out().substring(build.out().indexOf("Step 4/"));
    List<String> steps = targetStage.lines().filter(l -> l.startsWith(" ---> ")
        && !l.contains("Using cache") && !l.contains("Running in")).map(l -> l.substring(6).strip())
        .filter(id -> !id.equals(finalId)).toList();
    assertFalse(steps.isEmpty(), build.out());
    for (String step : steps) {
      assertFalse(shown.contains(step), "intermediate " + step + " is hidden: " + shown);
      assertTrue(all.contains(step), "images -a shows " + step + ": " + all);
    }
  }

  @Test
  void theClassicDockerCliBuildsAgainstTheDaemon() throws Exception {
    Path ctx = context("classic");
    write(ctx.resolve("Dockerfile"), "FROM " + base + "\nRUN echo built-by-docker > /proof\n"
        + "CMD [\"cat\", \"/proof\"]\n");
    EdgeProcess.Result build = EdgeProcess.run(Map.of("DOCKER_BUILDKIT", "0"), docker, "-H",
        host, "build", "-t", "it-classic:1", ctx.toString());
    assertEquals(0, build.exit(), build.out() + build.err());
    assertTrue(build.out().contains("Successfully built"), build.out());
    assertEquals("built-by-docker\n", docker("run", "--rm", "--network", "none",
        "it-classic:1").out());
  }

  @Test
  void addDownloadsAUrlAsDockerDoesAndChecksItsChecksum() throws Exception {
    byte[] payload = "remote payload\n".getBytes(StandardCharsets.UTF_8);
    com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
        new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/dl/tool.tar.gz", exchange -> {
      exchange.getResponseHeaders().add("Last-Modified", "Wed, 21 Oct 2015 07:28:00 GMT");
      exchange.sendResponseHeaders(200, payload.length);
      try (OutputStream body = exchange.getResponseBody()) {
        body.write(payload);
      }
    });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/dl/tool.tar.gz";
      Path ctx = context("add-url");
      write(ctx.resolve("Dockerfile"), "FROM " + base + "\nADD " + url + " /opt/\n");
      EdgeProcess.Result b = edge("build", "-t", "it-add-url:1", ctx.toString());
      assertEquals(0, b.exit(), b.out() + b.err());
      EdgeProcess.Result stat = docker("run", "--rm", "--network", "none", "it-add-url:1", "sh",
          "-c", "stat -c '%a %Y' /opt/tool.tar.gz && cat /opt/tool.tar.gz");
      assertEquals("600 1445412480\nremote payload\n", stat.out(), stat.err());

      String wrong = "sha256:" + "0".repeat(64);
      assertBuildFails("FROM " + base + "\nADD --checksum=" + wrong + " " + url + " /opt/\n",
          "checksum mismatch");
      assertBuildFails("FROM " + base + "\nADD http://127.0.0.1:1/nothing /opt/\n",
          "cannot download");
    } finally {
      server.stop(0);
    }
  }

  // ---- cache ----

  @Test
  void anUnchangedRebuildRunsNoContainerAndAChangeRebuildsFromItsStep() throws Exception {
    Path ctx = context("cache");
    write(ctx.resolve("one.txt"), "1\n");
    write(ctx.resolve("two.txt"), "2\n");
    write(ctx.resolve("Dockerfile"), "FROM " + base + "\nCOPY one.txt /one.txt\n"
        + "RUN cat /one.txt > /copy-of-one\nCOPY two.txt /two.txt\nRUN cat /two.txt > /both\n");
    EdgeProcess.Result first = edge("build", "-t", "it-cache:1", ctx.toString());
    assertEquals(0, first.exit(), first.err());
    assertEquals(0, count(first.out(), "Using cache"));

    // docker events takes whole seconds: start at the next one, after the first build's events.
    long next = Instant.now().getEpochSecond() + 1;
    Thread.sleep(Math.max(0, next * 1000 - System.currentTimeMillis()));
    String since = Long.toString(next);
    EdgeProcess.Result again = edge("build", "-t", "it-cache:1", ctx.toString());
    assertEquals(0, again.exit(), again.err());
    assertEquals(4, count(again.out(), "Using cache"), again.out());
    String until = Long.toString(Instant.now().getEpochSecond() + 1);
    EdgeProcess.Result events = docker("events", "--since", since, "--until", until,
        "--filter", "type=container");
    assertEquals("", events.out().strip(), "a fully cached build starts no container");

    write(ctx.resolve("two.txt"), "2, changed\n");
    EdgeProcess.Result changed = edge("build", "-t", "it-cache:1", ctx.toString());
    assertEquals(0, changed.exit(), changed.err());
    assertEquals(2, count(changed.out(), "Using cache"), "steps before the change: "
        + changed.out());
    assertEquals("2, changed\n", docker("run", "--rm", "--network", "none", "it-cache:1",
        "cat", "/both").out());

    EdgeProcess.Result noCache = edge("build", "--no-cache", "-t", "it-cache:1",
        ctx.toString());
    assertEquals(0, count(noCache.out(), "Using cache"), noCache.out());
  }

  @Test
  void theSameInputsGiveTheSameLayersAndImageIdFromAnyDirectory() throws Exception {
    List<String> ids = new ArrayList<>();
    for (String copy : List.of("repro-a", "repro-b")) {
      Path ctx = context(copy);
      write(ctx.resolve("src/main.c"), "int main(void) { return 0; }\n");
      write(ctx.resolve("Dockerfile"), "FROM " + base + "\nCOPY src /src\n"
          + "RUN mkdir /build && cp /src/main.c /build/ && date > /dev/null\n");
      // Different checkouts: different mtimes, which SOURCE_DATE_EPOCH must hide.
      Files.setLastModifiedTime(ctx.resolve("src/main.c"),
          FileTime.from(Instant.now().minusSeconds(copy.equals("repro-a") ? 3600 : 60)));
      EdgeProcess.Result b = edge("build", "--no-cache", "--build-arg",
          "SOURCE_DATE_EPOCH=1700000000", "-t", "it-" + copy + ":1", ctx.toString());
      assertEquals(0, b.exit(), b.out() + b.err());
      ids.add(inspect("it-" + copy + ":1", "{{.Id}} {{json .RootFS.Layers}}"));
      Thread.sleep(1100); // a RUN a second later must not change its layer either
    }
    assertEquals(ids.get(0), ids.get(1), "same image id and layer digests");
  }

  // ---- publishing ----

  @Test
  void aBuiltImageIsPushedAndPulledBySkopeoAndDocker() throws Exception {
    Path ctx = context("push");
    write(ctx.resolve("Dockerfile"), "FROM " + base + "\nRUN echo pushed > /proof\n");
    assertEquals(0, edge("build", "-t", "it-push:1", ctx.toString()).exit());
    String remote = registry.host() + "/built/it-push:1";
    assertEquals(0, edge("tag", "it-push:1", remote).exit());
    EdgeProcess.Result push = edge("push", remote);
    assertEquals(0, push.exit(), push.out() + push.err());
    EdgeProcess.Result skopeo = EdgeProcess.run("skopeo", "inspect", "--tls-verify=false",
        "docker://" + remote);
    assertEquals(0, skopeo.exit(), skopeo.err());
    assertTrue(skopeo.out().contains("\"Layers\""), skopeo.out());
    EdgeProcess.Result raw = EdgeProcess.run("skopeo", "inspect", "--raw", "--tls-verify=false",
        "docker://" + remote);
    assertTrue(raw.out().contains("rootfs.diff.tar.gzip")
        && !raw.out().contains("rootfs.diff.tar\""), "built layers are kept uncompressed and"
        + " gzipped on their way to the registry: " + raw.out());
    assertEquals(0, docker("rmi", remote, "it-push:1").exit());
    EdgeProcess.Result pull = docker("pull", remote);
    assertEquals(0, pull.exit(), pull.err());
    assertEquals("pushed\n", docker("run", "--rm", "--network", "none", remote, "cat",
        "/proof").out());
  }

  // ---- bad input ----

  @Test
  void badDockerfilesAndSourcesFailWithTheLineAndTheReason() throws Exception {
    assertBuildFails("FROM " + base + "\nENV\n", "Dockerfile:2");
    assertBuildFails("FROM " + base + "\nFROBNICATE now\n",
        "Dockerfile:2: unknown instruction: FROBNICATE");
    assertBuildFails("FROM " + base + "\nCOPY ../../etc/passwd /x\n",
        "outside the build context");
    assertBuildFails("FROM " + base + "\nCOPY missing.txt /x\n", "missing.txt");
    EdgeProcess.Result failing = assertBuildFails("FROM " + base
        + "\nRUN echo first-line; echo last-line; exit 7\n", "returned a non-zero code: 7");
    assertTrue(failing.err().contains("last-line"), "the last output lines: " + failing.err());
    assertStillServing();
  }

  @Test
  void aCancelledBuildKeepsNothingHalfMadeAndStopsItsContainer() throws Exception {
    Path ctx = context("cancel");
    write(ctx.resolve("Dockerfile"), "FROM " + base + "\nRUN echo started; sleep 60\n");
    Process client = new ProcessBuilder(EdgeProcess.EDGE.toString(), "-H", host, "build", "-t",
        "it-cancel:1", ctx.toString()).redirectErrorStream(true).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(client.getInputStream(),
        StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null && !line.contains("started")) {
      // wait until the RUN is under way
    }
    client.destroyForcibly().waitFor();
    long deadline = System.currentTimeMillis() + 20_000;
    while (System.currentTimeMillis() < deadline && !docker("ps", "-aq").out().isBlank()) {
      Thread.sleep(200);
    }
    assertEquals("", docker("ps", "-aq").out().strip(), "the RUN container is gone");
    assertNotEquals(0, docker("image", "inspect", "it-cancel:1").exit(), "no tag was written");
    assertStillServing();
  }

  @Test
  void aContextOverTheDaemonsLimitIsRefusedClearly() throws Exception {
    Path ctx = context("huge");
    write(ctx.resolve("Dockerfile"), "FROM " + base + "\nCOPY big.bin /big.bin\n");
    try (OutputStream big = Files.newOutputStream(ctx.resolve("big.bin"))) {
      byte[] block = new byte[1 << 20];
      for (int i = 0; i < (CONTEXT_LIMIT >> 20) + 2; i++) {
        block[0] = (byte) i;
        big.write(block);
      }
    }
    EdgeProcess.Result r = edge("build", "-t", "it-huge:1", ctx.toString());
    assertNotEquals(0, r.exit());
    assertTrue(r.err().contains("at most " + CONTEXT_LIMIT), r.err());
    assertStillServing();
  }

  // ---- helpers ----

  private static EdgeProcess.Result assertBuildFails(String dockerfile, String expected)
      throws Exception {
    Path ctx = context("bad-" + System.nanoTime());
    write(ctx.resolve("Dockerfile"), dockerfile);
    EdgeProcess.Result r = edge("build", ctx.toString());
    assertNotEquals(0, r.exit(), dockerfile);
    assertTrue(r.err().contains(expected), "expected \"" + expected + "\" in: " + r.err());
    return r;
  }

  private static Path context(String name) throws IOException {
    return Files.createDirectories(dir.resolve("contexts").resolve(name));
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  private static void tarGz(Path file, Map<String, String> entries) throws IOException {
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(
        Files.newOutputStream(file)))) {
      for (Map.Entry<String, String> e : entries.entrySet()) {
        byte[] bytes = e.getValue().getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
        entry.setSize(bytes.length);
        tar.putArchiveEntry(entry);
        tar.write(bytes);
        tar.closeArchiveEntry();
      }
    }
  }

  private static int count(String text, String what) {
    return (text.length() - text.replace(what, "").length()) / what.length();
  }

  private static EdgeProcess.Result edge(String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("-H", host));
    all.addAll(List.of(args));
    return EdgeProcess.edge(all.toArray(new String[0]));
  }

  private static EdgeProcess.Result docker(String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of(docker, "-H", host));
    all.addAll(List.of(args));
    return EdgeProcess.run(all.toArray(new String[0]));
  }

  private static String inspect(String image, String format) throws Exception {
    EdgeProcess.Result r = docker("image", "inspect", "--format", format, image);
    assertEquals(0, r.exit(), r.err());
    return r.out().strip();
  }

  private static void assertStillServing() throws Exception {
    assertEquals(0, docker("version").exit(), "the daemon keeps serving");
  }
}
