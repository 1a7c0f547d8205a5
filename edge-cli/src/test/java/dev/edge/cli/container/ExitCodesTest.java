package dev.edge.cli.container;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ExitCodesTest {
  @Test
  void startFailuresMapAsDockerRunMapsThem() {
    assertEquals(127, ExitCodes.forStartFailure("Error response from daemon: failed to create"
        + " task: exec: \"nope\": executable file not found in $PATH: unknown"));
    assertEquals(127, ExitCodes.forStartFailure("exec /x: no such file or directory"));
    assertEquals(126, ExitCodes.forStartFailure("Error response from daemon: exec:"
        + " \"/etc/passwd\": permission denied: unknown"));
    assertEquals(126, ExitCodes.forStartFailure("exec /tmp: is a directory"));
    assertEquals(125, ExitCodes.forStartFailure("Error response from daemon: No such image:"
        + " busybox:latest"));
    assertEquals(125, ExitCodes.forStartFailure("Conflict. The container name \"/web\" is"
        + " already in use"));
  }
}
