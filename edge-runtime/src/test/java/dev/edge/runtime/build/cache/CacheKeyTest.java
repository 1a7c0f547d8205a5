package dev.edge.runtime.build.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.edge.runtime.build.dockerfile.Dockerfile;
import dev.edge.runtime.build.dockerfile.DockerfileParser;
import dev.edge.runtime.build.dockerfile.Instruction;
import dev.edge.runtime.build.dockerfile.Variables;
import dev.edge.runtime.image.Digest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CacheKeyTest {
  private static final String PARENT = Digest.sha256("parent".getBytes()).toString();
  private static final Digest SOURCES = Digest.sha256("sources".getBytes());

  private static List<Instruction> body(String text) throws Exception {
    Dockerfile file = DockerfileParser.parse("Dockerfile", "FROM busybox\n" + text);
    List<Instruction> out = new java.util.ArrayList<>();
    for (Instruction i : file.stages().get(0).instructions()) {
      out.add(i.expand(file.shellWords(), Variables.of(Map.of("V", "1"))));
    }
    return out;
  }

  private static CacheKey key(Instruction i) {
    return CacheKey.of(PARENT, i, Map.of(), null);
  }

  @Test
  void theSameStepFromTheSameParentHasTheSameKeyWhateverItsLine() throws Exception {
    Instruction early = body("RUN make\n").get(0);
    Instruction late = body("\n\n# moved\nRUN make\n").get(0);
    assertEquals(key(early), key(late));
    assertNotEquals(key(early), CacheKey.of(CacheKey.SCRATCH, early, Map.of(), null));
    assertNotEquals(key(early), key(body("RUN make all\n").get(0)));
    assertNotEquals(key(early), key(body("RUN [\"make\"]\n").get(0)));
    assertNotEquals(key(early), key(body("RUN --network=none make\n").get(0)));
  }

  @Test
  void expandedValuesCountNotTheTextBeforeExpansion() throws Exception {
    List<Instruction> body = body("WORKDIR /v$V\nWORKDIR /v1\nWORKDIR /v2\n");
    assertEquals(key(body.get(0)), key(body.get(1)));
    assertNotEquals(key(body.get(0)), key(body.get(2)));
  }

  @Test
  void buildArgsCountForRunOnly() throws Exception {
    List<Instruction> body = body("RUN make\nWORKDIR /x\n");
    Instruction run = body.get(0);
    assertNotEquals(CacheKey.of(PARENT, run, Map.of("A", "1"), null),
        CacheKey.of(PARENT, run, Map.of("A", "2"), null));
    assertEquals(CacheKey.of(PARENT, run, Map.of("A", "1", "B", "2"), null),
        CacheKey.of(PARENT, run, new java.util.TreeMap<>(Map.of("B", "2", "A", "1")), null));
    Instruction workdir = body.get(1);
    assertEquals(CacheKey.of(PARENT, workdir, Map.of("A", "1"), null),
        CacheKey.of(PARENT, workdir, Map.of("A", "2"), null));
  }

  @Test
  void copySourcesDigestIsPartOfTheKey() throws Exception {
    Instruction copy = body("COPY src /src\n").get(0);
    assertNotEquals(CacheKey.of(PARENT, copy, Map.of(), SOURCES),
        CacheKey.of(PARENT, copy, Map.of(), Digest.sha256("other".getBytes(
            StandardCharsets.UTF_8))));
    assertNotEquals(CacheKey.of(PARENT, copy, Map.of(), SOURCES),
        CacheKey.of(PARENT, body("COPY --chmod=0700 src /src\n").get(0), Map.of(), SOURCES));
  }

  @Test
  void everyInstructionKindHasAKey() throws Exception {
    List<Instruction> body = body("""
        ENV A=1
        LABEL a=b
        ARG X=1
        USER 1
        CMD ["a"]
        ENTRYPOINT b
        EXPOSE 80
        VOLUME /v
        SHELL ["/bin/sh", "-c"]
        STOPSIGNAL 9
        HEALTHCHECK --interval=5s CMD true
        HEALTHCHECK --interval=6s CMD true
        MAINTAINER me
        ONBUILD RUN x
        ADD a /b
        COPY <<EOF /c
        text
        EOF
        """);
    java.util.Set<CacheKey> keys = new java.util.HashSet<>();
    for (Instruction i : body) {
      keys.add(key(i));
    }
    assertEquals(body.size(), keys.size());
  }
}
