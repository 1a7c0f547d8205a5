package dev.edge.agent.firmware;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edge.agent.jobs.JobFailedException;
import dev.edge.agent.jobs.JobProgress;
import dev.edge.hal.image.Esp8266ImageValidator;
import dev.edge.runtime.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FirmwareBuilderTest {
  static final String DIGEST = "sha256:" + "ab".repeat(32);
  static final String DESCRIPTOR = """
      chip: esp8266
      toolchain:
        image: 127.0.0.1:5000/tc:1@%s
      build:
        command: ["make"]
        source_date_epoch: 1700000000
      outputs:
        - path: build/app.elf
          format: elf
          address: "0x0"
      flash:
        mode: dout
        size: 1MB
        freq: 40m
        baud: 115200
      """.formatted(DIGEST);

  @TempDir Path tmp;

  /** Stands in for the toolchain container: writes the ELF the descriptor declares, or fails as told. */
  static final class FakeRunner implements BuildRunner {
    final List<BuildInvocation> runs = new ArrayList<>();
    int status;
    boolean writeOutput = true;

    @Override
    public int run(BuildInvocation inv, BiConsumer<String, String> log) throws JobFailedException {
      runs.add(inv);
      for (int i = 1; i <= 30; i++) {
        log.accept("stdout", "line " + i);
      }
      if (writeOutput) {
        try {
          Files.createDirectories(inv.projectDir().resolve("build"));
          Files.write(inv.projectDir().resolve("build/app.elf"), MiniElf.build());
          Files.writeString(inv.projectDir().resolve("build/app.o"), "object " + runs.size());
        } catch (java.io.IOException e) {
          throw new JobFailedException(e.toString());
        }
      }
      return status;
    }
  }

  static final class FakeResolver implements ToolchainResolver {
    String imageId = "sha256:" + "11".repeat(32);

    @Override
    public ResolvedToolchain image(String reference, JobProgress progress) {
      return new ResolvedToolchain(reference, imageId, DIGEST);
    }

    @Override
    public ResolvedToolchain recipe(Path recipeDir, JobProgress progress)
        throws JobFailedException, InterruptedException {
      return RecipeBuilder.NOT_WIRED.build(recipeDir, progress);
    }
  }

  /** Collects the phases and log lines a build reports. */
  static final class RecordingProgress implements JobProgress {
    final List<String> phases = new ArrayList<>();
    final List<String> messages = new ArrayList<>();

    @Override
    public void phase(String phase, String message) {
      phases.add(phase);
      messages.add(message);
    }

    @Override
    public void progress(int percent, String message, Map<String, Object> data) {
      messages.add(message);
    }

    @Override
    public void log(String stream, String line) {
    }

    @Override
    public void warning(String message) {
      messages.add("WARNING " + message);
    }
  }

  private final FakeRunner runner = new FakeRunner();
  private final FakeResolver resolver = new FakeResolver();

  private FirmwareBuilder builder(long epochSecond) {
    return new FirmwareBuilder(resolver, runner, Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC),
        "1.2.3");
  }

  private Path project(String name) throws Exception {
    Path dir = tmp.resolve(name);
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(FirmwareDescriptor.FILE_NAME), DESCRIPTOR);
    Files.writeString(dir.resolve("main.c"), "int main;\n");
    Files.writeString(dir.resolve(".gitignore"), "*.o\n");
    return dir;
  }

  private static FirmwareBuilder.Options options() {
    return new FirmwareBuilder.Options(false, 0, 0);
  }

  @Test
  void buildWritesImagesAndProvenance() throws Exception {
    Path dir = project("p");
    FirmwareBuilder.Result r = builder(1000).build(dir, options(), JobProgress.NONE);
    assertFalse(r.cached());
    BuildInvocation inv = runner.runs.get(0);
    assertEquals(List.of("make"), inv.command());
    assertEquals(1700000000L, inv.sourceDateEpoch());
    assertEquals("/project", inv.containerWorkdir());
    assertEquals(resolver.imageId, inv.imageId());

    Path out = dir.resolve("build/edge");
    byte[] image = Files.readAllBytes(out.resolve("app-0x00000.bin"));
    Esp8266ImageValidator.validate(image, "app-0x00000.bin");
    assertArrayEquals(MiniElf.IROM, Files.readAllBytes(out.resolve("app-0x10000.bin")));

    Provenance p = Provenance.read(out.resolve(Provenance.FILE_NAME)).orElseThrow();
    assertEquals(r.provenance(), p);
    assertEquals(Provenance.SCHEMA, p.schema());
    assertEquals(new Provenance.Toolchain("127.0.0.1:5000/tc:1@" + DIGEST, DIGEST, resolver.imageId),
        p.toolchain());
    assertEquals(SourceTree.digest(dir, java.util.Set.of("build/edge", "build/app.elf")).digest(),
        p.source().digest());
    assertEquals(3, p.source().files(), "descriptor, main.c, .gitignore; build/app.o is ignored");
    assertEquals(1700000000L, p.source().sourceDateEpoch());
    assertEquals("descriptor", p.source().sourceDateEpochFrom());
    assertEquals(new Provenance.Build(List.of("make"), ".", "none"), p.build());
    assertEquals(new Provenance.Builder("edge", "1.2.3"), p.builder());
    assertEquals(List.of("0x0", "0x10000"), p.images().stream().map(Provenance.FlashImage::address).toList());
    assertEquals(Hashes.sha256(image), p.images().get(0).sha256());
    assertEquals(image.length, p.images().get(0).size());
    assertEquals(Hashes.sha256(MiniElf.build()), p.outputs().get(0).sha256());
    assertEquals(new Provenance.Flash("dout", "1MB", "40m", 115200), p.flash());
    assertEquals(new Provenance.Time("1970-01-01T00:16:40Z", "1970-01-01T00:16:40Z"), p.time());
  }

  @Test
  void unchangedProjectIsReusedWithoutRunningTheBuild() throws Exception {
    Path dir = project("p");
    builder(1000).build(dir, options(), JobProgress.NONE);
    RecordingProgress progress = new RecordingProgress();
    FirmwareBuilder.Result again = builder(2000).build(dir, options(), progress);
    assertTrue(again.cached());
    assertEquals(1, runner.runs.size());
    assertEquals("cache", progress.phases.get(progress.phases.size() - 1));
    assertEquals("1970-01-01T00:16:40Z", again.provenance().time().startedAt(), "the first build's record");

    builder(3000).build(dir, new FirmwareBuilder.Options(true, 0, 0), JobProgress.NONE);
    assertEquals(2, runner.runs.size(), "--no-cache builds anyway");
  }

  @Test
  void eachChangedInputIsAMissWithItsReason() throws Exception {
    Path dir = project("p");
    builder(1000).build(dir, options(), JobProgress.NONE);
    assertEquals("cache miss: the sources changed", missReason(dir, () -> Files.writeString(dir.resolve("main.c"),
        "int main = 2;\n")));
    assertEquals("cache miss: edge-firmware.yaml changed", missReason(dir, () -> Files.writeString(
        dir.resolve(FirmwareDescriptor.FILE_NAME), DESCRIPTOR.replace("mode: dout", "mode: dio"))));
    assertEquals("cache miss: the toolchain image changed", missReason(dir, () -> resolver.imageId = "sha256:"
        + "22".repeat(32)));
    assertEquals("cache miss: app-0x00000.bin no longer matches provenance.json", missReason(dir,
        () -> Files.write(dir.resolve("build/edge/app-0x00000.bin"), new byte[] {1})));
    assertEquals("cache miss: app-0x10000.bin is missing from " + dir.resolve("build/edge"), missReason(dir,
        () -> Files.delete(dir.resolve("build/edge/app-0x10000.bin"))));
    int runs = runner.runs.size();
    Files.writeString(dir.resolve("ignored.o"), "ignored by .gitignore");
    assertTrue(builder(1).build(dir, options(), JobProgress.NONE).cached());
    assertEquals(runs, runner.runs.size());
  }

  interface Change {
    void apply() throws Exception;
  }

  private String missReason(Path dir, Change change) throws Exception {
    change.apply();
    RecordingProgress progress = new RecordingProgress();
    assertFalse(builder(1).build(dir, options(), progress).cached());
    return progress.messages.stream().filter(m -> m != null && m.startsWith("cache miss")).findFirst()
        .orElseThrow();
  }

  @Test
  void failedBuildQuotesTheEndOfItsLogAndLeavesNoProvenance() throws Exception {
    Path dir = project("p");
    builder(1000).build(dir, options(), JobProgress.NONE);
    Files.writeString(dir.resolve("main.c"), "broken");
    runner.status = 2;
    JobFailedException e = assertThrows(JobFailedException.class,
        () -> builder(2000).build(dir, options(), JobProgress.NONE));
    assertTrue(e.getMessage().startsWith("build failed: make exited with status 2 in 127.0.0.1:5000/tc:1@"),
        e.getMessage());
    assertTrue(e.getMessage().contains("the last lines of its log:\n  line 11\n"), e.getMessage());
    assertTrue(e.getMessage().endsWith("\n  line 30"), e.getMessage());
    assertFalse(e.getMessage().contains("line 10\n"), e.getMessage());
    assertFalse(Files.exists(dir.resolve("build/edge/provenance.json")));
    assertFalse(Files.exists(dir.resolve("build/edge/app-0x00000.bin")));
  }

  @Test
  void missingOutputIsNamed() throws Exception {
    Path dir = project("p");
    runner.writeOutput = false;
    JobFailedException e = assertThrows(JobFailedException.class,
        () -> builder(1000).build(dir, options(), JobProgress.NONE));
    assertEquals("outputs[0] build/app.elf is missing after the build: the command succeeded but did not write"
        + " it (check outputs[0].path in edge-firmware.yaml)", e.getMessage());
  }

  @Test
  void outputLinkingOutOfTheProjectIsRefused() throws Exception {
    Path dir = project("p");
    runner.writeOutput = false;
    Files.createDirectories(dir.resolve("build"));
    Files.createSymbolicLink(dir.resolve("build/app.elf"), Path.of("/etc/hostname"));
    JobFailedException e = assertThrows(JobFailedException.class,
        () -> builder(1000).build(dir, options(), JobProgress.NONE));
    assertTrue(e.getMessage().contains("leads out of the project"), e.getMessage());
  }

  @Test
  void brokenDescriptorFailsBeforeAnythingRuns() throws Exception {
    Path dir = project("p");
    Files.writeString(dir.resolve(FirmwareDescriptor.FILE_NAME), DESCRIPTOR.replace("baud: 115200", "baud: x"));
    JobFailedException e = assertThrows(JobFailedException.class,
        () -> builder(1000).build(dir, options(), JobProgress.NONE));
    assertEquals(dir.resolve(FirmwareDescriptor.FILE_NAME) + ":15: flash.baud: must be an integer such as 115200;"
        + " got a string", e.getMessage());
    assertTrue(runner.runs.isEmpty());
  }

  @Test
  void recipeNeedsTheBuilder() throws Exception {
    Path dir = project("p");
    Files.writeString(dir.resolve(FirmwareDescriptor.FILE_NAME), DESCRIPTOR.replace("image: 127.0.0.1:5000/tc:1@"
        + DIGEST, "recipe: ../tc"));
    JobFailedException e = assertThrows(JobFailedException.class,
        () -> builder(1000).build(dir, options(), JobProgress.NONE));
    assertTrue(e.getMessage().contains("building recipes needs the builder"), e.getMessage());
  }

  @Test
  void twoCheckoutsGiveTheSameProvenanceButForTime() throws Exception {
    Path a = project("a");
    Path b = project("elsewhere/deeper/b");
    Provenance pa = builder(1000).build(a, options(), JobProgress.NONE).provenance();
    Provenance pb = builder(5000).build(b, options(), JobProgress.NONE).provenance();
    assertNotEquals(pa.time(), pb.time());
    Map<?, ?> ja = Json.mapper().readValue(Files.readAllBytes(a.resolve("build/edge/provenance.json")), Map.class);
    Map<?, ?> jb = Json.mapper().readValue(Files.readAllBytes(b.resolve("build/edge/provenance.json")), Map.class);
    ja.remove("time");
    jb.remove("time");
    assertEquals(ja, jb);
  }

  @Test
  void unpinnedImageWarns() throws Exception {
    Path dir = project("p");
    Files.writeString(dir.resolve(FirmwareDescriptor.FILE_NAME), DESCRIPTOR.replace("@" + DIGEST, ""));
    RecordingProgress progress = new RecordingProgress();
    builder(1000).build(dir, options(), progress);
    assertTrue(progress.messages.stream().anyMatch(m -> m.startsWith("WARNING toolchain image 127.0.0.1:5000/tc:1"
        + " is not pinned by digest")), progress.messages.toString());
  }
}
