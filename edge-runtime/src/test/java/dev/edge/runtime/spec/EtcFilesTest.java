package dev.edge.runtime.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** /etc/hosts and /etc/resolv.conf as libnetwork writes them, from the host's files. */
class EtcFilesTest {
  static final String HOST_RESOLV = """
      # managed by the host
      nameserver 127.0.0.53
      nameserver 10.0.0.1
      nameserver ::1
      nameserver fd00::1
      search lan example.org
      options edns0 trust-ad
      """;

  @Test
  void loopbackAndIpv6NameserversAreDroppedAndTheRestKept() {
    assertEquals("""
        # managed by the host
        nameserver 10.0.0.1
        search lan example.org
        options edns0 trust-ad
        """, ResolvConf.build(HOST_RESOLV, List.of(), List.of(), false));
  }

  @Test
  void whenNoNameserverRemainsDockersFallbackIsUsed() {
    assertEquals("search lan\nnameserver 8.8.8.8\nnameserver 8.8.4.4\n",
        ResolvConf.build("nameserver 127.0.0.1\nsearch lan\n", List.of(), List.of(), false));
    assertEquals("nameserver 8.8.8.8\nnameserver 8.8.4.4\n",
        ResolvConf.build("", List.of(), List.of(), false));
  }

  @Test
  void theHostNetworkSeesTheHostsFileAsItIs() {
    assertEquals(HOST_RESOLV, ResolvConf.build(HOST_RESOLV, List.of(), List.of(), true));
  }

  @Test
  void dnsAndDnsSearchReplaceTheHostsEntries() {
    assertEquals("search corp\nnameserver 1.1.1.1\noptions edns0 trust-ad\n",
        ResolvConf.build(HOST_RESOLV, List.of("1.1.1.1"), List.of("corp"), false));
    assertEquals("nameserver 10.0.0.1\noptions edns0 trust-ad\n",
        ResolvConf.build(HOST_RESOLV, List.of(), List.of("."), false));
  }

  @Test
  void hostsHasLoopbackNamesExtraHostsAndTheContainersAddressLast() {
    assertEquals(HostsFile.DEFAULT_CONTENT
        + "10.1.2.3\tregistry.lan\n"
        + "fd00::5\tv6host\n"
        + "172.17.0.1\thost.docker.internal\n"
        + "172.17.0.2\tweb.lan web\n",
        HostsFile.build(null, List.of("registry.lan:10.1.2.3", "v6host:fd00::5",
            "host.docker.internal:host-gateway"), "172.17.0.2", "web", "lan", "172.17.0.1"));
  }

  @Test
  void withoutAnAddressOnlyTheDefaultsAndExtrasAreWritten() {
    assertEquals(HostsFile.DEFAULT_CONTENT, HostsFile.build(null, List.of(), null, "h", "",
        null));
    assertEquals("127.0.0.1 localhost gateway\n1.2.3.4\tx\n", HostsFile.build(
        "127.0.0.1 localhost gateway", List.of("x=1.2.3.4"), null, "h", "", null));
  }

  @Test
  void malformedAddHostsAreRefused() {
    assertEquals("bad format for add-host: \"nohost\"", assertThrows(
        ContainerSpecException.class, () -> HostsFile.parseExtraHost("nohost", null))
        .getMessage());
    assertEquals("invalid IP address in add-host: \"not.an.ip\"", assertThrows(
        ContainerSpecException.class, () -> HostsFile.parseExtraHost("h:not.an.ip", null))
        .getMessage());
    assertThrows(ContainerSpecException.class,
        () -> HostsFile.parseExtraHost("h:host-gateway", null));
    assertThrows(ContainerSpecException.class,
        () -> HostsFile.parseExtraHost("h:300.1.1.1", null));
  }
}
