package dev.edge.cli.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edge.runtime.container.HostConfig.PortBinding;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PortSpecsTest {
  private static PortSpecs publish(String... specs) {
    PortSpecs ports = new PortSpecs();
    for (String spec : specs) {
      ports.publish(spec);
    }
    return ports;
  }

  @Test
  void hostPortToContainerPortIsTcpByDefault() {
    PortSpecs p = publish("18080:80");
    assertEquals(Map.of("80/tcp", Map.of()), p.exposed());
    assertEquals(List.of(new PortBinding("", "18080")), p.bindings().get("80/tcp"));
  }

  @Test
  void anIpAndAProtocolAreKept() {
    PortSpecs p = publish("127.0.0.1:5353:53/UDP");
    assertEquals(List.of(new PortBinding("127.0.0.1", "5353")), p.bindings().get("53/udp"));
  }

  @Test
  void aContainerPortAloneIsPublishedOnAnyHostPort() {
    assertEquals(List.of(new PortBinding("", "")), publish("80").bindings().get("80/tcp"));
    assertEquals(List.of(new PortBinding("127.0.0.1", "")),
        publish("127.0.0.1::80").bindings().get("80/tcp"));
  }

  @Test
  void rangesMapPortByPort() {
    PortSpecs p = publish("9000-9002:8000-8002");
    assertEquals(3, p.exposed().size());
    assertEquals(List.of(new PortBinding("", "9001")), p.bindings().get("8001/tcp"));
    assertEquals(List.of(new PortBinding("", "9002")), p.bindings().get("8002/tcp"));
  }

  @Test
  void aHostRangeForOneContainerPortLetsTheDaemonChoose() {
    assertEquals(List.of(new PortBinding("", "9000-9010")),
        publish("9000-9010:80").bindings().get("80/tcp"));
  }

  @Test
  void ipv6AddressesWithAndWithoutBrackets() {
    assertEquals(List.of(new PortBinding("::1", "8080")),
        publish("[::1]:8080:80").bindings().get("80/tcp"));
    assertEquals(List.of(new PortBinding("::1", "8080")),
        publish("::1:8080:80").bindings().get("80/tcp"));
  }

  @Test
  void theSameContainerPortCanBePublishedTwice() {
    PortSpecs p = publish("8080:80", "127.0.0.1:8081:80");
    assertEquals(2, p.bindings().get("80/tcp").size());
  }

  @Test
  void exposeAddsPortsWithoutBindings() {
    PortSpecs p = new PortSpecs().expose("7000-7001/udp");
    assertEquals(2, p.exposed().size());
    assertTrue(p.exposed().containsKey("7001/udp"));
    assertTrue(p.bindings().isEmpty());
  }

  @Test
  void badSpecsNameTheFlagAndTheValue() {
    for (String bad : new String[] {"abc", "80/xyz", "70000:80", "1.2.3.400:80:80", "", "80:",
        "9000-9001:80-82", "90-80:80", "host:80:80", "8080:80-"}) {
      BadFlagException e = assertThrows(BadFlagException.class, () -> publish(bad), bad);
      assertTrue(e.getMessage().startsWith("invalid argument \"" + bad
          + "\" for \"-p, --publish\" flag: "), e.getMessage());
      assertEquals(125, e.exitCode());
    }
    assertThrows(BadFlagException.class, () -> new PortSpecs().expose("80:80"));
  }
}
