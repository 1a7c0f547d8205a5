package dev.edge.runtime.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HostProcessTest {
  private static final Duration SHORT = Duration.ofSeconds(10);

  @Test
  void stdinGoesInStdoutStderrAndExitStatusComeBack() throws Exception {
    HostProcess.Output out = HostProcess.run(List.of("/bin/sh", "-c",
        "cat; echo oops >&2; exit 3"), Map.of(), "hello".getBytes(StandardCharsets.UTF_8), SHORT);
    assertEquals(3, out.exitCode());
    assertEquals("hello", out.stdoutText());
    assertEquals("oops", out.stderrText());
  }

  @Test
  void givenVariablesAreSetAndSbinIsOnThePath() throws Exception {
    HostProcess.Output out = HostProcess.run(List.of("/bin/sh", "-c",
        "echo \"$CNI_COMMAND|$PATH\""), Map.of("CNI_COMMAND", "DEL"), new byte[0], SHORT);
    String[] parts = out.stdoutText().split("\\|");
    assertEquals("DEL", parts[0]);
    assertTrue(List.of(parts[1].split(":")).contains("/usr/sbin"), parts[1]);
  }

  @Test
  void aHungProgramIsKilledAtTheDeadline() {
    long start = System.nanoTime();
    IOException e = assertThrows(IOException.class, () -> HostProcess.run(
        List.of("/bin/sleep", "30"), Map.of(), new byte[0], Duration.ofMillis(300)));
    assertTrue(e.getMessage().contains("did not finish"), e.getMessage());
    assertTrue(System.nanoTime() - start < Duration.ofSeconds(10).toNanos());
  }

  @Test
  void outputBeyondTheCapIsDroppedNotBuffered() throws Exception {
    HostProcess.Output out = HostProcess.run(List.of("/bin/sh", "-c",
        "head -c 3000000 /dev/zero"), Map.of(), new byte[0], SHORT);
    assertEquals(0, out.exitCode());
    assertEquals(HostProcess.MAX_OUTPUT_BYTES, out.stdout().length);
  }

  @Test
  void aMissingProgramIsAnIoError() {
    assertThrows(IOException.class, () -> HostProcess.run(List.of("/nonexistent/plugin"),
        Map.of(), new byte[0], SHORT));
  }
}
