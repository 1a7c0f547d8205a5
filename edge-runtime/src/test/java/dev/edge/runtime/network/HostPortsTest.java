package dev.edge.runtime.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Host port choice against real sockets on loopback. */
class HostPortsTest {
  private final HostPorts ports = new HostPorts();

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void aPortAnyProcessListensOnIsRefusedInDockersWords() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress("0.0.0.0", 0));
      int port = taken.getLocalPort();
      PortAllocatedException e = assertThrows(PortAllocatedException.class, () ->
          ports.reserve("a", List.of(PortMapping.of(Protocol.TCP, 80, "", port))));
      assertEquals("Bind for 0.0.0.0:" + port + " failed: port is already allocated",
          e.getMessage());
      PortAllocatedException local = assertThrows(PortAllocatedException.class, () ->
          ports.reserve("a", List.of(PortMapping.of(Protocol.TCP, 80, "127.0.0.1", port))));
      assertEquals("Bind for 127.0.0.1:" + port + " failed: port is already allocated",
          local.getMessage());
    }
  }

  @Test
  void aPortAnotherContainerPublishedIsRefusedThoughNothingListens() throws Exception {
    int port = freePort();
    List<PublishedPort> first =
        ports.reserve("a", List.of(PortMapping.of(Protocol.TCP, 80, "127.0.0.1", port)));
    assertEquals(List.of(new PublishedPort(Protocol.TCP, 80, "127.0.0.1", port)), first);
    assertThrows(PortAllocatedException.class,
        () -> ports.reserve("b", List.of(PortMapping.of(Protocol.TCP, 81, "", port))));
    // another protocol or another address is another socket
    ports.reserve("c", List.of(PortMapping.of(Protocol.UDP, 80, "127.0.0.1", port)));
    ports.reserve("d", List.of(PortMapping.of(Protocol.TCP, 80, "127.0.0.2", port)));
    ports.release("a");
    ports.reserve("b", List.of(PortMapping.of(Protocol.TCP, 81, "127.0.0.1", port)));
  }

  @Test
  void theSamePortTwiceInOneRequestIsRefusedAndNothingIsKept() throws Exception {
    int port = freePort();
    assertThrows(PortAllocatedException.class, () -> ports.reserve("a", List.of(
        PortMapping.of(Protocol.TCP, 80, "", port), PortMapping.of(Protocol.TCP, 81, "", port))));
    ports.reserve("b", List.of(PortMapping.of(Protocol.TCP, 80, "", port)));
  }

  @Test
  void aUdpPortInUseIsRefused() throws Exception {
    try (DatagramSocket taken = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      assertThrows(PortAllocatedException.class, () ->
          ports.reserve("a", List.of(PortMapping.of(Protocol.UDP, 53, "127.0.0.1", port))));
    }
  }

  @Test
  void anEmptyHostPortGetsAFreePortThatIsNotHeldOpen() throws Exception {
    List<PublishedPort> got = ports.reserve("a", List.of(PortMapping.of(Protocol.TCP, 80, "", 0),
        PortMapping.of(Protocol.TCP, 443, "", 0)));
    assertEquals(2, got.size());
    assertNotEquals(got.get(0).hostPort(), got.get(1).hostPort());
    assertTrue(got.get(0).hostPort() > 0);
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress("0.0.0.0", got.get(0).hostPort()));
    }
  }

  @Test
  void aRangeGivesItsFirstFreePort() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress("127.0.0.1", 0));
      int port = taken.getLocalPort();
      if (port >= PortMapping.MAX_PORT) {
        return;
      }
      List<PublishedPort> got = ports.reserve("a",
          List.of(new PortMapping(Protocol.TCP, 80, "127.0.0.1", port, port + 1)));
      assertEquals(port + 1, got.get(0).hostPort());
    }
  }

  @Test
  void anAddressThatIsNotOnThisHostIsNamedAsSuch() {
    NetworkException e = assertThrows(NetworkException.class, () ->
        ports.reserve("a", List.of(PortMapping.of(Protocol.TCP, 80, "192.0.2.1", 8080))));
    assertTrue(!(e instanceof PortAllocatedException));
    assertEquals("Bind for 192.0.2.1:8080 failed: cannot assign requested address",
        e.getMessage());
  }

  @Test
  void restoredPortsCountAsTaken() throws Exception {
    int port = freePort();
    ports.restore("old", List.of(new PublishedPort(Protocol.TCP, 80, "0.0.0.0", port)));
    assertThrows(PortAllocatedException.class,
        () -> ports.reserve("new", List.of(PortMapping.of(Protocol.TCP, 80, "127.0.0.1", port))));
  }

  @Test
  void aPortBeingReleasedInTheBackgroundIsWaitedFor() throws Exception {
    int port = freePort();
    List<PortMapping> wanted = List.of(PortMapping.of(Protocol.TCP, 80, "", port));
    ports.reserve("old", wanted);
    ports.releasing("old");
    Thread releaser = new Thread(() -> {
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        return;
      }
      ports.release("old");
    });
    long start = System.nanoTime();
    releaser.start();
    assertEquals(port, ports.reserve("new", wanted).get(0).hostPort());
    assertTrue(System.nanoTime() - start >= 150_000_000L, "it waited for the release");
    releaser.join();
  }

  @Test
  void aFailedBackgroundReleaseFailsTheWaitingStart() throws Exception {
    int port = freePort();
    List<PortMapping> wanted = List.of(PortMapping.of(Protocol.TCP, 80, "", port));
    ports.reserve("old", wanted);
    ports.releasing("old");
    Thread keeper = new Thread(() -> {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        return;
      }
      ports.keep("old");
    });
    keeper.start();
    assertThrows(PortAllocatedException.class, () -> ports.reserve("new", wanted));
    keeper.join();
  }
}
