package dev.edge.runtime.build.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edge.runtime.build.config.StageConfig;
import dev.edge.runtime.distribution.RootfsImporter.ImportRefusedException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImportChangesTest {
  private static StageConfig scratch() {
    return StageConfig.scratch("linux", "amd64", null);
  }

  @Test
  void changesSetTheConfigAsDockerImportDoes() throws Exception {
    StageConfig config = scratch();
    ImportChanges.apply(config, List.of("ENV PATH=/usr/bin:/bin", "CMD [\"bash\"]",
        "WORKDIR /project", "USER 1000:1000", "EXPOSE 80/tcp", "LABEL a=b",
        "ENTRYPOINT [\"/init\"]", "VOLUME /data", "STOPSIGNAL SIGINT"));
    var run = config.run();
    assertEquals(List.of("PATH=/usr/bin:/bin"), run.env());
    assertEquals(List.of("bash"), run.cmd());
    assertEquals(List.of("/init"), run.entrypoint());
    assertEquals("/project", run.workingDir());
    assertEquals("1000:1000", run.user());
    assertEquals(Map.of("a", "b"), run.labels());
    assertTrue(run.exposedPorts().containsKey("80/tcp"));
    assertTrue(run.volumes().containsKey("/data"));
    assertEquals("SIGINT", run.stopSignal());
  }

  @Test
  void shellFormCommandsRunUnderShAndVariablesComeFromEarlierChanges() throws Exception {
    StageConfig config = scratch();
    ImportChanges.apply(config, List.of("ENV HOME=/root", "ENV A=1", "ENV A=2 B=$A",
        "WORKDIR $HOME/src", "CMD make all"));
    assertEquals(List.of("HOME=/root", "A=2", "B=1"), config.env(),
        "an ENV replaces a key in place and expands with the values before it, as Docker does");
    assertEquals("/root/src", config.workdir());
    assertEquals(List.of("/bin/sh", "-c", "make all"), config.run().cmd());
  }

  @Test
  void onlyConfigInstructionsAreAllowed() {
    ImportRefusedException run = assertThrows(ImportRefusedException.class,
        () -> ImportChanges.apply(scratch(), List.of("RUN rm -rf /")));
    assertTrue(run.getMessage().startsWith("RUN is not a valid change command"), run.getMessage());
    ImportRefusedException from = assertThrows(ImportRefusedException.class,
        () -> ImportChanges.apply(scratch(), List.of("FROM busybox")));
    assertTrue(from.getMessage().contains("one instruction"), from.getMessage());
    ImportRefusedException bogus = assertThrows(ImportRefusedException.class,
        () -> ImportChanges.apply(scratch(), List.of("BOGUS x")));
    assertTrue(bogus.getMessage().contains("BOGUS x"), bogus.getMessage());
  }
}
