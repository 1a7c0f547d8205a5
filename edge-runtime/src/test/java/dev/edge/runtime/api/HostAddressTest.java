package dev.edge.runtime.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class HostAddressTest {
  @Test
  void parsesUnixAndTcpHosts() {
    HostAddress unix = HostAddress.parse("unix:///run/edge/edge.sock");
    assertTrue(unix.isUnix());
    assertEquals(Path.of("/run/edge/edge.sock"), unix.socketPath());
    HostAddress tcp = HostAddress.parse("tcp://127.0.0.1:2375");
    assertEquals("127.0.0.1", tcp.tcpHost());
    assertEquals(2375, tcp.tcpPort());
  }

  @Test
  void loopbackTcpIsAllowedWithoutTls() {
    HostAddress.parse("tcp://127.0.0.1:2375").requireSafeForPlainHttp();
    HostAddress.parse("tcp://localhost:2375").requireSafeForPlainHttp();
    HostAddress.parse("tcp://127.0.0.7:2375").requireSafeForPlainHttp();
  }

  @Test
  void nonLoopbackTcpIsRefusedWithTheReason() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> HostAddress.parse("tcp://0.0.0.0:2375").requireSafeForPlainHttp());
    assertTrue(e.getMessage().contains("without TLS"), e.getMessage());
  }

  @Test
  void malformedHostsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> HostAddress.parse("unix://relative.sock"));
    assertThrows(IllegalArgumentException.class, () -> HostAddress.parse("tcp://127.0.0.1"));
    assertThrows(IllegalArgumentException.class, () -> HostAddress.parse("http://x:1"));
  }
}
