package dev.edge.runtime.runtime;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edge.runtime.system.OciRuntimes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The probe against the runtimes installed here (scripts/install-deps installs both). */
class RuntimeProbeIntegrationTest {
  @TempDir Path dir;

  @Test
  void aWorkingRuntimeIsFoundAndNothingIsLeftBehind() throws Exception {
    Map<String, Path> installed = OciRuntimes.installed();
    List<RuntimeProbe.Outcome> outcomes = RuntimeProbe.probe(installed, dir);
    assertTrue(outcomes.get(outcomes.size() - 1).works(), outcomes.toString());
    try (var left = Files.list(dir)) {
      assertFalse(left.findAny().isPresent(), "probe bundles and state are removed");
    }
  }

  @Test
  void aBinaryThatIsNotARuntimeFailsTheProbeWithItsReason() throws Exception {
    RuntimeProbe.Outcome o = RuntimeProbe.probeOne("false", Path.of("/bin/false"), dir);
    assertFalse(o.works());
  }
}
