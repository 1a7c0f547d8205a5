package dev.edge.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edge.hal.image.Esp8266ImageValidator;
import dev.edge.hal.image.LoadedImage;
import dev.edge.runtime.image.fixtures.TestImages;
import dev.edge.runtime.json.Json;
import dev.edge.runtime.registry.LocalRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The firmware pipeline as users run it: bin/edge against a daemon started through bin/edge, with the
 * lx106 toolchain image (bench/make-toolchain-image) in a loopback registry, pulled once for the class.
 * examples/esp8266/blink is built from git clones, pinned with {@code edge firmware lock}, checked for
 * byte-identical firmware across checkouts, reused from the cache without a container, deployed to the
 * simulator, and fed the bad input the issue lists.
 */
class FirmwareIntegrationTest {
  private static final Path REPO = Path.of(System.getProperty("user.dir")).resolve("..").normalize();
  private static final Path BLINK = REPO.resolve("examples/esp8266/blink");
  /** The commit time of the test's blink repository, which becomes SOURCE_DATE_EPOCH. */
  private static final long COMMIT_TIME = 1_700_000_000L;

  private static Path dir;
  private static LocalRegistry registry;
  private static Process daemon;
  private static String host;
  private static String image;
  /** A git repository of blink whose descriptor names the test image, pinned by `edge firmware lock`. */
  private static Path origin;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("edge-firmware-it");
    Path layout = Path.of(run(List.of(REPO.resolve("bench/make-toolchain-image").toString()), 1200).strip());
    registry = LocalRegistry.start(LocalRegistry.Mode.PLAIN);
    image = registry.host() + "/esp8266-debian:1";
    TestImages.skopeoPush(layout, "bench", image, true);
    host = "unix://" + dir.resolve("edge.sock");
    daemon = EdgeProcess.startDaemon(dir.resolve("root"), host, dir.resolve("daemon.log"));

    origin = dir.resolve("origin/blink");
    copyTree(BLINK, origin);
    Path descriptor = origin.resolve("edge-firmware.yaml");
    Files.writeString(descriptor, Files.readString(descriptor).replace(
        "recipe: ../../../toolchain-images/esp8266-debian", "image: " + image));
    EdgeProcess.Result lock = edge("firmware", "lock", origin.toString());
    assertEquals(0, lock.exit(), lock.err());
    assertTrue(Files.readString(descriptor).contains("image: " + image + "@sha256:"), Files.readString(descriptor));
    git(origin, "init", "-q");
    git(origin, "add", "-A");
    git(origin, "commit", "-q", "-m", "blink");
  }

  @AfterAll
  static void stop() throws Exception {
    EdgeProcess.stop(daemon);
    if (registry != null) {
      registry.close();
    }
    EdgeProcess.deleteTree(dir);
  }

  private static EdgeProcess.Result edge(String... args) throws Exception {
    return EdgeProcess.edgeWithEnv("EDGE_HOST", host, args);
  }

  private static Path checkout(String where) throws Exception {
    Path target = dir.resolve(where);
    Files.createDirectories(target.getParent());
    run(List.of("git", "clone", "-q", origin.toString(), target.toString()), 60);
    return target;
  }

  private static Path project(String name, String command, String outputs) throws Exception {
    Path p = dir.resolve("projects").resolve(name);
    Files.createDirectories(p);
    Files.writeString(p.resolve("edge-firmware.yaml"), """
        chip: esp8266
        toolchain:
          image: %s
        build:
          command: %s
          source_date_epoch: 1
        outputs:
        %s
        flash:
          mode: dout
          size: 1MB
          freq: 40m
          baud: 115200
        """.formatted(image, command, outputs));
    return p;
  }

  @Test
  void buildMakesABootableImageWithProvenance() throws Exception {
    Path a = checkout("a/blink");
    EdgeProcess.Result r = edge("firmware", "build", a.toString());
    assertEquals(0, r.exit(), r.out() + r.err());
    assertTrue(r.out().contains("==> build: running make in " + image + "@sha256:"), r.out());
    assertTrue(r.out().contains("  | xtensa-lx106-elf-gcc"), "the build log is streamed: " + r.out());
    assertTrue(r.out().contains("Built: " + a.resolve("build/edge")), r.out());
    assertFalse(r.err().contains("not pinned"), r.err());

    byte[] bin = Files.readAllBytes(a.resolve("build/edge/blink-0x00000.bin"));
    LoadedImage loaded = Esp8266ImageValidator.validate(bin, "blink-0x00000.bin");
    assertEquals(2, loaded.image().segments().size());
    assertTrue(Files.exists(a.resolve("build/blink.elf")), "make's own output stays where make put it");

    JsonNode p = Json.mapper().readTree(a.resolve("build/edge/provenance.json").toFile());
    String pinned = Files.readString(a.resolve("edge-firmware.yaml")).replaceAll("(?s).*image: \\S+@(sha256:"
        + "[0-9a-f]{64}).*", "$1");
    assertEquals(pinned, p.path("toolchain").path("digest").asText());
    assertTrue(p.path("toolchain").path("imageId").asText().startsWith("sha256:"));
    assertEquals(COMMIT_TIME, p.path("source").path("sourceDateEpoch").asLong());
    assertEquals("git", p.path("source").path("sourceDateEpochFrom").asText());
    assertEquals(List.of("make"), List.of(Json.mapper().treeToValue(p.path("build").path("command"),
        String[].class)));
    assertEquals("none", p.path("build").path("network").asText());
    JsonNode img = p.path("images").get(0);
    assertEquals("blink-0x00000.bin", img.path("file").asText());
    assertEquals("0x0", img.path("address").asText());
    assertEquals(bin.length, img.path("size").asLong());
    assertEquals(sha256(bin), img.path("sha256").asText());
    assertEquals(sha256(Files.readAllBytes(a.resolve("build/blink.elf"))),
        p.path("outputs").get(0).path("sha256").asText());
  }

  @Test
  void twoCheckoutsInDifferentPlacesGiveIdenticalFirmwareAndProvenance() throws Exception {
    Path a = checkout("repro/one/blink");
    Path b = checkout("repro/somewhere/much/deeper/blink");
    Files.setLastModifiedTime(b.resolve("blink.c"), java.nio.file.attribute.FileTime.from(Instant.now()
        .plusSeconds(3600)));
    assertEquals(0, edge("firmware", "build", a.toString()).exit());
    Thread.sleep(1100); // and at another time
    assertEquals(0, edge("firmware", "build", b.toString()).exit());
    for (String f : List.of("build/edge/blink-0x00000.bin", "build/blink.elf")) {
      assertArrayEquals(Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)), f);
    }
    ObjectNode pa = (ObjectNode) Json.mapper().readTree(a.resolve("build/edge/provenance.json").toFile());
    ObjectNode pb = (ObjectNode) Json.mapper().readTree(b.resolve("build/edge/provenance.json").toFile());
    assertNotEquals(pa.get("time"), pb.get("time"));
    pa.remove("time");
    pb.remove("time");
    assertEquals(pa, pb);
  }

  @Test
  void unchangedProjectIsReusedWithoutAContainerAndEditsRebuild() throws Exception {
    Path a = checkout("cache/blink");
    assertEquals(0, edge("firmware", "build", a.toString()).exit());
    byte[] before = Files.readAllBytes(a.resolve("build/edge/provenance.json"));
    Instant since = Instant.now();
    long start = System.nanoTime();
    EdgeProcess.Result hit = edge("firmware", "build", a.toString());
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertEquals(0, hit.exit(), hit.err());
    assertTrue(hit.out().contains("==> cache: nothing changed since the last build"), hit.out());
    assertTrue(hit.out().contains("Up to date (cache hit)"), hit.out());
    assertFalse(hit.out().contains("==> build:"), hit.out());
    assertTrue(millis < 3000, "a cache hit, CLI start-up included, took " + millis + " ms");
    assertArrayEquals(before, Files.readAllBytes(a.resolve("build/edge/provenance.json")));
    EdgeProcess.Result events = edge("events", "--since", since.toString(), "--until", Instant.now().toString(),
        "--filter", "type=container", "--format", "{{.Action}}");
    assertEquals("", events.out().strip(), "no container was created: " + events.out());

    Files.writeString(a.resolve("blink.c"), Files.readString(a.resolve("blink.c")) + "\n/* edited */\n");
    EdgeProcess.Result edited = edge("firmware", "build", a.toString());
    assertTrue(edited.out().contains("cache miss: the sources changed"), edited.out());
    assertTrue(edited.out().contains("==> build:"), edited.out());
    EdgeProcess.Result forced = edge("firmware", "build", "--no-cache", a.toString());
    assertEquals(0, forced.exit(), forced.err());
    assertTrue(forced.out().contains("==> build:"), forced.out());
  }

  @Test
  void theBuildHasNoNetworkAndAFailureShowsTheEndOfItsLog() throws Exception {
    String port = registry.host().substring(registry.host().lastIndexOf(':') + 1);
    Path p = project("offline", "[\"sh\", \"-c\", \"ls /sys/class/net; python3 -c 'import socket;"
        + " socket.create_connection((\\\"127.0.0.1\\\", " + port + "), 2)' 2>/dev/null && echo REACHED"
        + " || echo UNREACHABLE; exit 3\"]", "  - path: app.bin\n    format: image\n    address: \"0x0\"");
    EdgeProcess.Result r = edge("firmware", "build", p.toString());
    assertEquals(1, r.exit(), r.out());
    assertTrue(r.err().contains("firmware build: build failed: sh -c"), r.err());
    assertTrue(r.err().contains("exited with status 3"), r.err());
    assertTrue(r.err().contains("the last lines of its log:\n  lo\n  UNREACHABLE"), r.err());
    assertFalse(r.err().contains("REACHED\n"), r.err());
    assertFalse(Files.exists(p.resolve("build/edge/provenance.json")));
  }

  @Test
  void deployBuildsFlashesTheSimulatorAndRecordsWhatWasWritten() throws Exception {
    Path a = checkout("deploy/blink");
    Path link = dir.resolve("esp-deploy");
    Path flash = dir.resolve("esp-deploy-flash.bin");
    Process sim = startSimulator(link, flash);
    try {
      EdgeProcess.Result r = edge("firmware", "deploy", a.toString(), "--port", link.toString());
      assertEquals(0, r.exit(), r.out() + r.err());
      assertTrue(r.out().contains("==> flash: flashing 1 image(s) to " + link), r.out());
      assertTrue(r.out().contains("Wrote "), r.out());
      assertTrue(r.out().contains("==> check:"), r.out());
      byte[] bin = Files.readAllBytes(a.resolve("build/edge/blink-0x00000.bin"));
      assertTrue(r.out().contains("0x0       blink-0x00000.bin"), r.out());
      assertTrue(r.out().contains("sha256 " + sha256(bin)), r.out());
      byte[] written = Arrays.copyOf(Files.readAllBytes(flash), bin.length);
      assertArrayEquals(bin, written, "the simulator's flash holds the image");

      Files.write(a.resolve("build/edge/blink-0x00000.bin"), new byte[] {(byte) 0xE9, 1, 2});
      EdgeProcess.Result tampered = edge("firmware", "flash", a.toString(), "--port", link.toString());
      assertEquals(1, tampered.exit());
      assertTrue(tampered.err().contains("does not match provenance.json"), tampered.err());

      Path real = link.toRealPath();
      Path lock = Path.of("/run/lock", "LCK.." + Path.of("/dev").relativize(real).toString().replace('/', '_'));
      Files.writeString(lock, String.format("%10d%n", ProcessHandle.current().pid()));
      try {
        assertEquals(0, edge("firmware", "build", a.toString(), "--no-cache").exit());
        EdgeProcess.Result busy = edge("firmware", "flash", a.toString(), "--port", link.toString());
        assertEquals(1, busy.exit());
        assertTrue(busy.err().contains("busy"), busy.err());
      } finally {
        Files.deleteIfExists(lock);
      }
    } finally {
      sim.destroy();
      sim.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aCorruptImageIsBuiltButTheFlashRefusesIt() throws Exception {
    Path p = project("corrupt", "[\"sh\", \"-c\", \"head -c 4096 /dev/zero > app.bin\"]",
        "  - path: app.bin\n    format: image\n    address: \"0x0\"");
    assertEquals(0, edge("firmware", "build", p.toString()).exit());
    Path link = dir.resolve("esp-corrupt");
    Process sim = startSimulator(link, dir.resolve("esp-corrupt-flash.bin"));
    try {
      EdgeProcess.Result r = edge("firmware", "flash", p.toString(), "--port", link.toString());
      assertEquals(1, r.exit(), r.out());
      assertTrue(r.err().contains("refusing to flash app.bin, it is not a valid ESP8266 image"), r.err());
    } finally {
      sim.destroy();
      sim.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void whatTheBuildWritesBelongsToTheUserInTheJob() throws Exception {
    Path a = checkout("owned/blink");
    run(List.of("chown", "-R", "65534:65534", a.toString()), 30);
    String socket = host.substring("unix://".length());
    String job = run(List.of("curl", "-sf", "--unix-socket", socket, "-H", "Content-Type: application/json",
        "-d", "{\"type\":\"firmware.build\",\"dir\":\"" + a + "\",\"uid\":65534,\"gid\":65534}",
        "http://localhost/edge/v1/jobs"), 30);
    String id = Json.mapper().readTree(job).path("id").asText();
    String log = run(List.of("curl", "-sf", "--unix-socket", socket, "http://localhost/edge/v1/jobs/" + id
        + "/log?follow=1"), 60);
    String[] lines = log.strip().split("\n");
    JsonNode end = Json.mapper().readTree(lines[lines.length - 1]);
    assertEquals("SUCCEEDED", end.path("job").path("state").asText(), log);
    for (String f : List.of("build", "build/blink.o", "build/blink.elf", "build/edge",
        "build/edge/blink-0x00000.bin", "build/edge/provenance.json")) {
      assertEquals(65534, Files.getAttribute(a.resolve(f), "unix:uid"), f);
      assertEquals(65534, Files.getAttribute(a.resolve(f), "unix:gid"), f);
    }
  }

  @Test
  void badInputIsNamed() throws Exception {
    Path broken = project("broken", "[\"true\"]", "  - path: app.bin\n    format: image\n    address: 0x0");
    EdgeProcess.Result r = edge("firmware", "build", broken.toString());
    assertEquals(1, r.exit());
    assertTrue(r.err().contains(broken.resolve("edge-firmware.yaml") + ":10: outputs[0].address: must be a quoted"
        + " hex string"), r.err());

    Path missing = project("missing", "[\"true\"]", "  - path: out/app.elf\n    format: elf\n    address: \"0x0\"");
    r = edge("firmware", "build", missing.toString());
    assertEquals(1, r.exit());
    assertTrue(r.err().contains("outputs[0] out/app.elf is missing after the build"), r.err());

    Path mismatch = project("mismatch", "[\"true\"]", "  - path: app.bin\n    format: image\n    address: \"0x0\"");
    Path descriptor = mismatch.resolve("edge-firmware.yaml");
    Files.writeString(descriptor, Files.readString(descriptor).replace(image, image + "@sha256:" + "0".repeat(64)));
    r = edge("firmware", "build", mismatch.toString());
    assertEquals(1, r.exit());
    assertTrue(r.err().contains("the registry has no manifest with that digest"), r.err());

    r = edge("firmware", "flash", origin.toString(), "--port", "auto");
    assertEquals(1, r.exit());
    assertTrue(r.err().contains("no ESP board is attached") || r.err().contains("nothing to flash"), r.err());

    Path built = checkout("noboard/blink");
    assertEquals(0, edge("firmware", "build", built.toString()).exit());
    r = edge("firmware", "flash", built.toString(), "--port", "auto");
    assertEquals(1, r.exit());
    assertTrue(r.err().contains("--port auto: no ESP board is attached"), r.err());
    r = edge("firmware", "flash", built.toString(), "--port", dir.resolve("no-such-port").toString());
    assertEquals(1, r.exit());
    assertTrue(r.err().contains("no board"), r.err());
  }

  // ---- helpers ----

  private static Process startSimulator(Path link, Path flash) throws Exception {
    Process p = new ProcessBuilder(EdgeProcess.EDGE.toString(), "sim", "esp8266", "--link", link.toString(),
        "--flash", flash.toString()).redirectErrorStream(true)
        .redirectOutput(dir.resolve(link.getFileName() + ".log").toFile()).start();
    long deadline = System.currentTimeMillis() + 20_000;
    while (!Files.exists(link) && System.currentTimeMillis() < deadline) {
      assertTrue(p.isAlive(), "the simulator exited: " + Files.readString(dir.resolve(link.getFileName()
          + ".log")));
      Thread.sleep(50);
    }
    assertTrue(Files.exists(link), "no simulator at " + link);
    return p;
  }

  private static void git(Path repo, String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of("git", "-C", repo.toString(), "-c", "user.name=edge",
        "-c", "user.email=edge@localhost"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().putAll(Map.of("GIT_AUTHOR_DATE", "@" + COMMIT_TIME + " +0000", "GIT_COMMITTER_DATE", "@"
        + COMMIT_TIME + " +0000"));
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, String.join(" ", cmd) + ": " + out);
  }

  private static String run(List<String> cmd, long timeoutSeconds) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(timeoutSeconds, TimeUnit.SECONDS), String.join(" ", cmd) + " timed out");
    assertEquals(0, p.exitValue(), String.join(" ", cmd) + ": " + out);
    return out;
  }

  private static void copyTree(Path from, Path to) throws Exception {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path p : paths.toList()) {
        Path rel = from.relativize(p);
        if (rel.startsWith("build")) {
          continue;
        }
        Path target = to.resolve(rel.toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }

  private static String sha256(byte[] bytes) throws Exception {
    return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
