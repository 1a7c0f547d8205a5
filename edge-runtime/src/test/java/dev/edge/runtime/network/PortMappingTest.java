package dev.edge.runtime.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PortMappingTest {

  @Test
  void dockerPortBindingWithHostPortOnAllAddresses() {
    PortMapping m = PortMapping.fromDocker("80/tcp", "", "18080");
    assertEquals(new PortMapping(Protocol.TCP, 80, "", 18080, 18080), m);
    assertEquals("80/tcp", m.dockerKey());
    assertEquals("18080", m.dockerHostPort());
  }

  @Test
  void emptyHostPortMeansAnyFreePortAndNullHostIpMeansEveryAddress() {
    PortMapping m = PortMapping.fromDocker("53/udp", null, "");
    assertEquals(Protocol.UDP, m.protocol());
    assertTrue(m.anyHostPort());
    assertEquals("", m.hostIp());
    assertEquals("", m.dockerHostPort());
  }

  @Test
  void keyWithoutProtocolIsTcpAndZeroAddressMeansEveryAddress() {
    PortMapping m = PortMapping.fromDocker("8080", "0.0.0.0", "9000");
    assertEquals(Protocol.TCP, m.protocol());
    assertEquals("", m.hostIp());
  }

  @Test
  void hostPortRangeIsKept() {
    PortMapping m = PortMapping.fromDocker("80/tcp", "127.0.0.1", "8000-8010");
    assertEquals(8000, m.hostPortFirst());
    assertEquals(8010, m.hostPortLast());
    assertEquals("8000-8010", m.dockerHostPort());
    assertEquals("127.0.0.1", m.hostIp());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "abc/tcp", "0/tcp", "65536/tcp", "80/sctp", "80/", "-1", "80-81/tcp"})
  void badContainerPortKeysAreRefused(String key) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PortMapping.fromDocker(key, "", ""));
    assertTrue(e.getMessage().contains("invalid"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"x", "0", "70000", "9000-8000", "-", "80-", "123456"})
  void badHostPortsAreRefused(String hostPort) {
    assertThrows(IllegalArgumentException.class,
        () -> PortMapping.fromDocker("80/tcp", "", hostPort));
  }

  @Test
  void ipv6AndNamesAreRefusedAsHostAddresses() {
    IllegalArgumentException v6 = assertThrows(IllegalArgumentException.class,
        () -> PortMapping.fromDocker("80/tcp", "::1", "8080"));
    assertTrue(v6.getMessage().contains("IPv4 only"), v6.getMessage());
    IllegalArgumentException name = assertThrows(IllegalArgumentException.class,
        () -> PortMapping.fromDocker("80/tcp", "localhost", "8080"));
    assertEquals("invalid IP address: localhost", name.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> PortMapping.fromDocker("80/tcp", "256.1.1.1", "8080"));
  }

  @Test
  void publishFlagForms() {
    assertEquals(List.of(PortMapping.of(Protocol.TCP, 80, "", 18080)),
        PublishSpec.parse("18080:80"));
    assertEquals(List.of(PortMapping.of(Protocol.UDP, 53, "127.0.0.1", 5353)),
        PublishSpec.parse("127.0.0.1:5353:53/udp"));
    assertEquals(List.of(PortMapping.of(Protocol.TCP, 80, "127.0.0.1", 0)),
        PublishSpec.parse("127.0.0.1::80"));
    assertEquals(List.of(PortMapping.of(Protocol.TCP, 80, "", 0)), PublishSpec.parse("80"));
    assertEquals(List.of(PortMapping.of(Protocol.TCP, 80, "", 0)),
        PublishSpec.parse("0.0.0.0::80/TCP"));
  }

  @Test
  void publishFlagRangesPairUpOrPickFromTheHostRange() {
    assertEquals(List.of(PortMapping.of(Protocol.TCP, 80, "", 8080),
        PortMapping.of(Protocol.TCP, 81, "", 8081)), PublishSpec.parse("8080-8081:80-81"));
    assertEquals(List.of(new PortMapping(Protocol.TCP, 80, "", 8000, 8010)),
        PublishSpec.parse("8000-8010:80"));
    assertEquals(List.of(PortMapping.of(Protocol.UDP, 7000, "", 0),
        PortMapping.of(Protocol.UDP, 7001, "", 0)), PublishSpec.parse("7000-7001/udp"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a:b:c:d", "8080-8082:80-81", "1.2.3.4:8080:80:90", "[::1:80:80",
      "8080:80/icmp", "80:", ":80x", "[::1]:8080:80", "1.2.3:80:80"})
  void malformedPublishFlagsAreRefused(String spec) {
    assertThrows(IllegalArgumentException.class, () -> PublishSpec.parse(spec));
  }

  @Test
  void publishedPortsCollideOnTheSameSocketOnly() {
    PublishedPort all = new PublishedPort(Protocol.TCP, 80, "", 8080);
    assertEquals("0.0.0.0", all.hostIp());
    assertTrue(all.collidesWith(Protocol.TCP, "127.0.0.1", 8080));
    PublishedPort local = new PublishedPort(Protocol.TCP, 80, "127.0.0.1", 8080);
    assertTrue(local.collidesWith(Protocol.TCP, "0.0.0.0", 8080));
    assertTrue(!local.collidesWith(Protocol.TCP, "127.0.0.2", 8080));
    assertTrue(!local.collidesWith(Protocol.UDP, "127.0.0.1", 8080));
    assertTrue(!local.collidesWith(Protocol.TCP, "127.0.0.1", 8081));
    assertEquals("127.0.0.1:8080->80/tcp", local.toString());
  }

  @Test
  void networkModesFollowDocker() {
    assertEquals(NetworkMode.BRIDGE, NetworkMode.parse(""));
    assertEquals(NetworkMode.BRIDGE, NetworkMode.parse("default"));
    assertEquals(NetworkMode.BRIDGE, NetworkMode.parse(null));
    assertEquals(NetworkMode.HOST, NetworkMode.parse("host"));
    assertEquals(NetworkMode.NONE, NetworkMode.parse("none"));
    assertEquals("network mynet not found",
        assertThrows(IllegalArgumentException.class, () -> NetworkMode.parse("mynet"))
            .getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> NetworkMode.parse("container:abc")).getMessage().contains("not supported"));
  }
}
