package dev.edge.cli.container;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.edge.cli.container.PortsColumn.Port;
import java.util.List;
import org.junit.jupiter.api.Test;

class PortsColumnTest {
  @Test
  void aPublishedPortShowsItsHostAddress() {
    assertEquals("0.0.0.0:18080->80/tcp",
        PortsColumn.format(List.of(new Port("0.0.0.0", 80, 18080, "tcp"))));
  }

  @Test
  void exposedPortsShowAlone() {
    assertEquals("53/udp, 80/tcp",
        PortsColumn.format(List.of(new Port("", 80, 0, "tcp"), new Port("", 53, 0, "udp"))));
  }

  @Test
  void consecutivePortsFoldIntoRanges() {
    assertEquals("8000-8002/tcp, 9000/tcp", PortsColumn.format(List.of(
        new Port("", 8002, 0, "tcp"), new Port("", 8000, 0, "tcp"), new Port("", 8001, 0, "tcp"),
        new Port("", 9000, 0, "tcp"))));
    assertEquals("0.0.0.0:8000-8001->8000-8001/tcp", PortsColumn.format(List.of(
        new Port("0.0.0.0", 8000, 8000, "tcp"), new Port("0.0.0.0", 8001, 8001, "tcp"))));
  }

  @Test
  void ipv6AndMixedMappingsAreListedAsDockerDoes() {
    assertEquals("443/tcp, 0.0.0.0:8080->80/tcp, [::]:8080->80/tcp", PortsColumn.format(
        List.of(new Port("::", 80, 8080, "tcp"), new Port("0.0.0.0", 80, 8080, "tcp"),
            new Port("", 443, 0, "tcp"))));
  }

  @Test
  void noPortsIsAnEmptyCell() {
    assertEquals("", PortsColumn.format(List.of()));
  }
}
