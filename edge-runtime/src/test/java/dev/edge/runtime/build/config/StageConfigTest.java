package dev.edge.runtime.build.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edge.runtime.build.dockerfile.Dockerfile;
import dev.edge.runtime.build.dockerfile.DockerfileParser;
import dev.edge.runtime.build.dockerfile.Instruction;
import dev.edge.runtime.build.plan.BuildArgs;
import dev.edge.runtime.build.plan.StageScope;
import dev.edge.runtime.image.Digest;
import dev.edge.runtime.image.ImageConfig;
import dev.edge.runtime.image.ImageConfig.RunConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StageConfigTest {
  private static final ImageConfig BUSYBOX = new ImageConfig("arm64", "linux", "v8", null, null,
      new RunConfig(null, List.of("PATH=/bin"), null, List.of("sh"), null, null, null,
          Map.of("base", "yes"), null, null, null),
      new ImageConfig.RootFs("layers", List.of(Digest.sha256("l".getBytes()).toString())),
      List.of());

  /** Walks a stage as the builder will: expand in the scope, then apply. */
  private static StageConfig walk(String body) throws Exception {
    Dockerfile file = DockerfileParser.parse("Dockerfile", "FROM busybox\n" + body);
    StageConfig config = new StageConfig(BUSYBOX);
    StageScope scope = new StageScope(file.shellWords(), new BuildArgs(Map.of()), Map.of(),
        config.env());
    for (Instruction i : file.stages().get(0).instructions()) {
      Instruction expanded = scope.step(i);
      config.apply(expanded);
      config.setEnv(scope.environment());
    }
    return config;
  }

  @Test
  void metadataInstructionsSetTheRunDefaults() throws Exception {
    StageConfig config = walk("""
        ENV APP=/opt/app
        WORKDIR $APP
        WORKDIR src/../build
        USER 1000:1000
        LABEL version=1 base=overridden
        EXPOSE 80 53/udp
        VOLUME /data
        STOPSIGNAL SIGINT
        SHELL ["/bin/bash", "-c"]
        CMD make all
        HEALTHCHECK --interval=30s --retries=3 CMD true
        MAINTAINER Jane
        """);
    RunConfig run = config.run();
    assertEquals(List.of("PATH=/bin", "APP=/opt/app"), run.env());
    assertEquals("/opt/app/build", run.workingDir());
    assertEquals("1000:1000", run.user());
    assertEquals(Map.of("base", "overridden", "version", "1"), run.labels());
    assertEquals(java.util.Set.of("80/tcp", "53/udp"), run.exposedPorts().keySet());
    assertEquals(java.util.Set.of("/data"), run.volumes().keySet());
    assertEquals("SIGINT", run.stopSignal());
    assertEquals(List.of("/bin/bash", "-c", "make all"), run.cmd(),
        "shell form uses the SHELL in force");
    assertEquals("{\"Test\":[\"CMD-SHELL\",\"true\"],\"Interval\":30000000000,\"Retries\":3}",
        run.healthcheck().toString());
    assertEquals("Jane", config.image().author());
    assertEquals("arm64", config.image().architecture());
  }

  @Test
  void entrypointDropsTheInheritedCmdButNotOneSetInTheStage() throws Exception {
    RunConfig inherited = walk("ENTRYPOINT [\"/init\"]\n").run();
    assertEquals(List.of("/init"), inherited.entrypoint());
    assertNull(inherited.cmd());
    RunConfig own = walk("CMD [\"--help\"]\nENTRYPOINT [\"/init\"]\n").run();
    assertEquals(List.of("--help"), own.cmd());
  }

  @Test
  void healthcheckNoneDisablesTheInheritedCheck() throws Exception {
    assertEquals("{\"Test\":[\"NONE\"]}", walk("HEALTHCHECK NONE\n").run().healthcheck()
        .toString());
  }

  @Test
  void layersAndHistoryAccumulate() throws Exception {
    StageConfig config = walk("WORKDIR /x\n");
    config.addLayer(Digest.sha256("new".getBytes()).toString());
    config.addHistory("2026-01-01T00:00:00Z", "/bin/sh -c #(nop) WORKDIR /x", true);
    assertEquals(2, config.image().rootfs().diffIds().size());
    assertEquals(1, config.image().history().size());
    assertTrue(config.image().history().get(0).get("empty_layer").asBoolean());
    assertEquals("2026-01-01T00:00:00Z", config.image().created());
  }

  @Test
  void scratchStartsEmptyWithTheDefaultShell() {
    StageConfig scratch = StageConfig.scratch("linux", "amd64", null);
    assertEquals(List.of("/bin/sh", "-c"), scratch.shell());
    assertEquals("/", scratch.workdir());
    assertEquals(List.of(), scratch.env());
  }
}
