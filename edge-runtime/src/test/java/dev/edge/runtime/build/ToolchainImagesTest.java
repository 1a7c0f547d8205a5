package dev.edge.runtime.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edge.runtime.build.config.StageConfig;
import dev.edge.runtime.build.dockerfile.Dockerfile;
import dev.edge.runtime.build.dockerfile.DockerfileParser;
import dev.edge.runtime.build.dockerfile.Instruction;
import dev.edge.runtime.build.dockerfile.RunInstruction;
import dev.edge.runtime.build.plan.BuildArgs;
import dev.edge.runtime.build.plan.BuildPlan;
import dev.edge.runtime.build.plan.PlannedStage;
import dev.edge.runtime.build.plan.StageBase;
import dev.edge.runtime.build.plan.StageScope;
import dev.edge.runtime.build.run.RunStep;
import dev.edge.runtime.image.ImageConfig;
import dev.edge.runtime.image.ImageConfig.RunConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The project's own toolchain Dockerfiles parse, plan and expand under our builder's rules. */
class ToolchainImagesTest {
  private static final Path IMAGES = Path.of("..", "toolchain-images");
  /** debian:bookworm-slim's own config environment. */
  private static final List<String> DEBIAN_ENV =
      List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");

  /** The target stage walked as the builder will: each step expanded, metadata applied. */
  private record Walked(BuildPlan plan, StageConfig config, List<RunStep> runs,
      BuildArgs args) {}

  private static Walked walk(String image, Map<String, String> buildArgs) throws Exception {
    Path file = IMAGES.resolve(image).resolve("Dockerfile");
    assertTrue(Files.isRegularFile(file), file.toAbsolutePath().toString());
    Dockerfile dockerfile = DockerfileParser.parse(file);
    BuildArgs args = new BuildArgs(buildArgs);
    BuildPlan plan = BuildPlan.create(dockerfile, null, args, Map.of("TARGETARCH", "amd64"));
    PlannedStage stage = plan.target();
    StageConfig config = new StageConfig(new ImageConfig("amd64", "linux", null, null, null,
        new RunConfig(null, DEBIAN_ENV, null, List.of("bash"), null, null, null, null, null,
            null, null), new ImageConfig.RootFs("layers", List.of()), List.of()));
    StageScope scope = new StageScope(dockerfile.shellWords(), args, plan.globals(),
        config.env());
    List<RunStep> runs = new ArrayList<>();
    for (Instruction instruction : stage.stage().instructions()) {
      Instruction expanded = scope.step(instruction);
      config.apply(expanded);
      config.setEnv(scope.environment());
      if (expanded instanceof RunInstruction run) {
        runs.add(RunStep.of(run, config, scope.runArgs()));
      }
    }
    for (RunStep run : runs) {
      assertShellSyntax(run.argv());
    }
    return new Walked(plan, config, runs, args);
  }

  /** {@code sh -n} parses a RUN's script without running it: a typo fails here, not in CI. */
  private static void assertShellSyntax(List<String> argv) throws Exception {
    assertEquals(List.of("/bin/sh", "-c"), argv.subList(0, 2));
    Process sh = new ProcessBuilder("/bin/sh", "-n", "-c", argv.get(2))
        .redirectErrorStream(true).start();
    String output = new String(sh.getInputStream().readAllBytes());
    assertEquals(0, sh.waitFor(), "sh -n: " + output + "\n" + argv.get(2));
  }

  @Test
  void esp8266DebianInstallsDebiansXtensaToolchainFromTheBase() throws Exception {
    Walked w = walk("esp8266-debian", Map.of());
    assertEquals(1, w.plan().stages().size());
    assertEquals(new StageBase.Image("debian:bookworm-slim", null), w.plan().target().base());
    assertEquals(1, w.runs().size());
    RunStep install = w.runs().get(0);
    String script = install.argv().get(2);
    for (String pkg : List.of("gcc-xtensa-lx106", "binutils-xtensa-lx106",
        "picolibc-xtensa-lx106-elf", "make", "python3")) {
      assertTrue(script.contains(" " + pkg), pkg);
    }
    assertTrue(script.contains("rm -rf /var/lib/apt/lists/*"));
    assertTrue(install.env().contains("DEBIAN_FRONTEND=noninteractive"));
    RunConfig run = w.config().run();
    assertEquals("/project", run.workingDir());
    assertEquals(List.of("make"), run.cmd());
    assertEquals(DEBIAN_ENV, run.env(), "DEBIAN_FRONTEND stays a build-time ARG");
    assertEquals("debian:bookworm-slim", run.labels().get("org.opencontainers.image.base.name"));
    assertEquals("esp8266-debian", run.labels().get("org.opencontainers.image.title"));
  }

  @Test
  void esp8266DebianTakesAnotherBaseAsABuildArg() throws Exception {
    Walked w = walk("esp8266-debian", Map.of("DEBIAN_IMAGE", "debian:bookworm"));
    assertEquals(new StageBase.Image("debian:bookworm", null), w.plan().target().base());
    assertEquals("debian:bookworm",
        w.config().run().labels().get("org.opencontainers.image.base.name"));
    assertTrue(w.args().unconsumed().isEmpty());
  }

  @Test
  void esp8266RtosSdkInstallsTheSdkToolchainAndPythonRequirements() throws Exception {
    Walked w = walk("esp8266-rtos-sdk", Map.of());
    assertEquals(new StageBase.Image("debian:bookworm-slim", null), w.plan().target().base());
    assertEquals(4, w.runs().size());
    String clone = w.runs().get(1).argv().get(2);
    assertTrue(clone.contains("https://github.com/espressif/ESP8266_RTOS_SDK.git"), clone);
    assertTrue(w.runs().get(1).env().contains("SDK_VERSION=v3.4"));
    assertTrue(w.runs().get(1).env().contains("IDF_PATH=/opt/esp/ESP8266_RTOS_SDK"));
    String toolchain = w.runs().get(2).argv().get(2);
    assertTrue(toolchain.contains("https://dl.espressif.com/dl/xtensa-lx106-elf-"
        + "${TOOLCHAIN_RELEASE}-linux-amd64.tar.gz"), toolchain);
    assertTrue(w.runs().get(2).env().contains("TOOLCHAIN_RELEASE=gcc8_4_0-esp-2020r3"));
    assertTrue(w.runs().get(2).env().contains("TARGETARCH=amd64"));
    assertTrue(w.runs().get(3).argv().get(2).contains("requirements.txt"));
    RunConfig run = w.config().run();
    String path = run.env().stream().filter(e -> e.startsWith("PATH=")).findFirst()
        .orElseThrow();
    assertEquals("PATH=/opt/esp/python/bin:/opt/esp/xtensa-lx106-elf/bin:/usr/local/sbin:"
        + "/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", path);
    assertEquals("/project", run.workingDir());
    assertEquals(List.of("make", "all"), run.cmd());
    assertEquals("v3.4", run.labels().get("org.opencontainers.image.version"));
    assertFalse(run.labels().get("org.opencontainers.image.description").contains("$"));
    assertTrue(w.args().unconsumed().isEmpty());
  }

  @Test
  void esp8266RtosSdkTakesAToolchainUrlForOtherArchitectures() throws Exception {
    Walked w = walk("esp8266-rtos-sdk", Map.of("TOOLCHAIN_URL", "https://example.test/t.tgz",
        "TOOLCHAIN_SHA256", "ab"));
    assertTrue(w.runs().get(2).env().contains("TOOLCHAIN_URL=https://example.test/t.tgz"));
    assertTrue(w.runs().get(2).env().contains("TOOLCHAIN_SHA256=ab"));
    assertTrue(w.args().unconsumed().isEmpty());
  }
}
