package dev.edge.runtime.build.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.edge.runtime.build.dockerfile.DockerfileParser;
import dev.edge.runtime.build.dockerfile.Instruction;
import dev.edge.runtime.image.Digest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HistoryTextTest {
  private static final List<String> SH = List.of("/bin/sh", "-c");

  private static Instruction first(String line) throws Exception {
    return DockerfileParser.parse("Dockerfile", "FROM x\n" + line + "\n").stages().get(0)
        .instructions().get(0);
  }

  @Test
  void runReadsAsTheCommandWithItsBuildArgs() throws Exception {
    assertEquals("/bin/sh -c make all", HistoryText.of(first("RUN make all"), SH, Map.of(),
        null));
    assertEquals("|2 A=1 B=2 /bin/sh -c make", HistoryText.of(first("RUN make"), SH,
        new java.util.TreeMap<>(Map.of("B", "2", "A", "1")), null));
    assertEquals("make all", HistoryText.of(first("RUN [\"make\", \"all\"]"), SH, Map.of(),
        null));
  }

  @Test
  void otherStepsReadAsNops() throws Exception {
    assertEquals("/bin/sh -c #(nop) WORKDIR /project", HistoryText.of(first("WORKDIR /project"),
        SH, Map.of(), null));
    assertEquals("/bin/sh -c #(nop) CMD [\"make\"]", HistoryText.of(first("CMD [\"make\"]"), SH,
        Map.of(), null));
    Digest d = Digest.sha256("x".getBytes());
    assertEquals("/bin/sh -c #(nop) COPY dir:" + d.hex() + " in /src ",
        HistoryText.of(first("COPY . /src"), SH, Map.of(), d));
  }
}
