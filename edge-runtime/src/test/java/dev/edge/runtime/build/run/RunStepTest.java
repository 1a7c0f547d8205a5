package dev.edge.runtime.build.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edge.runtime.build.config.StageConfig;
import dev.edge.runtime.build.dockerfile.DockerfileParser;
import dev.edge.runtime.build.dockerfile.RunInstruction;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunStepTest {
  private static RunInstruction run(String text) throws Exception {
    return (RunInstruction) DockerfileParser.parse("Dockerfile", "FROM x\n" + text).stages()
        .get(0).instructions().get(0);
  }

  private static StageConfig config() throws Exception {
    StageConfig config = StageConfig.scratch("linux", "arm64", null);
    config.setEnv(List.of("PATH=/bin", "A=fromenv"));
    config.apply(DockerfileParser.parse("Dockerfile", "FROM x\nUSER app\nWORKDIR /w\n")
        .stages().get(0).instructions().get(0));
    config.apply(DockerfileParser.parse("Dockerfile", "FROM x\nWORKDIR /w\n")
        .stages().get(0).instructions().get(0));
    return config;
  }

  @Test
  void shellFormRunsInTheShellWithArgsAfterTheImageEnvironment() throws Exception {
    RunStep step = RunStep.of(run("RUN --network=none make\n"), config(),
        Map.of("A", "arg", "B", "2"));
    assertEquals(List.of("/bin/sh", "-c", "make"), step.argv());
    assertEquals(List.of("PATH=/bin", "A=fromenv", "B=2"), step.env());
    assertEquals("app", step.user());
    assertEquals("/w", step.workdir());
    assertEquals("none", step.network());
  }

  @Test
  void heredocsBecomeAScriptOrPartOfTheShellText() throws Exception {
    RunStep script = RunStep.of(run("RUN <<EOF\necho a\necho b\nEOF\n"), config(), Map.of());
    assertEquals(List.of("/bin/sh", "-c", "echo a\necho b\n"), script.argv());
    RunStep python = RunStep.of(run("RUN <<PY\n#!/usr/bin/python3\nprint(1)\nPY\n"), config(),
        Map.of());
    assertEquals(List.of("/dev/pipes/PY"), python.argv());
    assertEquals(Map.of("/dev/pipes/PY", "#!/usr/bin/python3\nprint(1)\n"), python.files());
    RunStep cat = RunStep.of(run("RUN cat <<A > /out\nhello\nA\n"), config(), Map.of());
    assertEquals(List.of("/bin/sh", "-c", "cat <<A > /out\nhello\nA"), cat.argv());
  }

  @Test
  void aFailedRunNamesItsCommandExitCodeAndLastLines() {
    RunFailedException e = new RunFailedException("/bin/sh -c make", 2,
        List.of("cc: error", "make: *** [all] Error 1"));
    assertEquals(2, e.exitCode());
    assertTrue(e.getMessage().startsWith("The command '/bin/sh -c make' returned a non-zero"
        + " code: 2; last output:\n  cc: error"), e.getMessage());
  }
}
