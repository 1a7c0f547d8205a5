package dev.edge.runtime.build.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edge.runtime.build.dockerfile.Dockerfile;
import dev.edge.runtime.build.dockerfile.DockerfileException;
import dev.edge.runtime.build.dockerfile.DockerfileParser;
import dev.edge.runtime.build.dockerfile.Instruction;
import dev.edge.runtime.build.dockerfile.RunInstruction;
import dev.edge.runtime.build.dockerfile.WorkdirInstruction;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BuildPlanTest {
  private static final String MULTI = """
      ARG BASE=busybox
      ARG TAG=1.36
      FROM ${BASE}:${TAG} AS deps
      RUN touch /deps
      FROM deps AS build
      RUN touch /build
      FROM alpine AS unused
      RUN touch /unused
      FROM scratch AS tools
      COPY x /x
      FROM ${BASE} AS final
      COPY --from=build /build /build
      COPY --from=3 /x /x
      COPY --from=registry.example/other:1 /y /y
      """;

  private static BuildPlan plan(String text, String target, Map<String, String> args)
      throws DockerfileException {
    Dockerfile file = DockerfileParser.parse("Dockerfile", text);
    return BuildPlan.create(file, target, new BuildArgs(args), Map.of());
  }

  private static List<Integer> indexes(BuildPlan plan) {
    return plan.stages().stream().map(s -> s.stage().index()).toList();
  }

  @Test
  void theTargetComesLastAfterItsDependenciesAndUnusedStagesAreSkipped() throws Exception {
    BuildPlan plan = plan(MULTI, null, Map.of());
    assertEquals(List.of(0, 1, 3, 4), indexes(plan));
    assertEquals(new StageBase.Image("busybox:1.36", null), plan.stages().get(0).base());
    assertEquals(new StageBase.Stage(0), plan.stages().get(1).base());
    assertEquals(new StageBase.Scratch(), plan.stages().get(2).base());
    assertEquals(List.of(1, 3), plan.target().dependsOn());
    assertEquals(List.of("registry.example/other:1"), plan.target().copyFromImages());
  }

  @Test
  void targetSelectsAStageByNameOrIndex() throws Exception {
    assertEquals(List.of(0, 1), indexes(plan(MULTI, "build", Map.of())));
    assertEquals(List.of(2), indexes(plan(MULTI, "2", Map.of())));
    DockerfileException e = assertThrows(DockerfileException.class,
        () -> plan(MULTI, "nope", Map.of()));
    assertEquals("Dockerfile: target stage \"nope\" could not be found (stages: deps, build,"
        + " unused, tools, final)", e.getMessage());
  }

  @Test
  void buildArgsOverrideGlobalDefaultsInFromLines() throws Exception {
    BuildPlan plan = plan(MULTI, "deps", Map.of("TAG", "1.37", "UNUSED", "x"));
    assertEquals("busybox:1.37", plan.target().from().image());
    BuildArgs args = new BuildArgs(Map.of("TAG", "1.37", "UNUSED", "x", "http_proxy", "p"));
    BuildPlan.create(DockerfileParser.parse("Dockerfile", MULTI), null, args, Map.of());
    assertEquals(Set.of("UNUSED"), args.unconsumed());
  }

  @Test
  void copyFromALaterOrMissingIndexIsAnError() {
    DockerfileException e = assertThrows(DockerfileException.class,
        () -> plan("FROM busybox\nCOPY --from=1 /a /b\nFROM busybox\n", null, Map.of()));
    assertEquals(2, e.line());
    assertTrue(e.reason().contains("must be an earlier stage"));
  }

  @Test
  void aStageReadsGlobalArgsOnlyAfterRedeclaringThemAndEnvWinsOverArg() throws Exception {
    BuildPlan plan = plan("""
        ARG VERSION=1.0
        ARG OTHER=o
        FROM busybox
        WORKDIR /v$VERSION
        ARG VERSION
        WORKDIR /v$VERSION
        ARG LOCAL=l
        ENV LOCAL=fromenv
        WORKDIR /$LOCAL/$OTHER
        RUN echo $VERSION
        """, null, Map.of());
    BuildArgs args = new BuildArgs(Map.of());
    StageScope scope = new StageScope(plan.dockerfile().shellWords(), args, plan.globals(),
        List.of("PATH=/bin"));
    List<Instruction> body = plan.target().stage().instructions();
    assertEquals("/v", ((WorkdirInstruction) scope.step(body.get(0))).path());
    scope.step(body.get(1));
    assertEquals("/v1.0", ((WorkdirInstruction) scope.step(body.get(2))).path());
    scope.step(body.get(3));
    scope.step(body.get(4));
    assertEquals("/fromenv/", ((WorkdirInstruction) scope.step(body.get(5))).path());
    assertTrue(scope.step(body.get(6)) instanceof RunInstruction);
    assertEquals(Map.of("VERSION", "1.0"), scope.argsInUse());
    assertEquals(List.of("PATH=/bin", "LOCAL=fromenv"), scope.environment());
  }

  @Test
  void buildArgValueBeatsTheDefaultAndProxyArgsReachRunOnly() throws Exception {
    BuildPlan plan = plan("FROM busybox\nARG A=default\nARG B\n", null, Map.of());
    BuildArgs args = new BuildArgs(Map.of("A", "given", "https_proxy", "http://p:3128"));
    StageScope scope = new StageScope(plan.dockerfile().shellWords(), args, plan.globals(),
        List.of());
    for (Instruction i : plan.target().stage().instructions()) {
      scope.step(i);
    }
    assertEquals(Map.of("A", "given"), scope.argsInUse());
    assertEquals(Map.of("A", "given", "https_proxy", "http://p:3128"), scope.runArgs());
    assertNull(scope.variables().get("B"));
    assertEquals(Set.of(), args.unconsumed());
  }

  @Test
  void buildArgWithoutValueTakesTheEnvironmentsValue() {
    assertEquals(Map.entry("HOME", "/root"), BuildArgs.parse("HOME", Map.of("HOME", "/root")));
    assertEquals(Map.entry("A", "b=c"), BuildArgs.parse("A=b=c", Map.of()));
    assertThrows(IllegalArgumentException.class, () -> BuildArgs.parse("=x", Map.of()));
  }
}
