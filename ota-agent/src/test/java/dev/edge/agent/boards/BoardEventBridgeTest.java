package dev.edge.agent.boards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.edge.hal.board.BoardDiscovery;
import dev.edge.runtime.events.Event;
import dev.edge.runtime.events.EventBus;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BoardEventBridgeTest {

  private static final long EVENT_WAIT_MS = 5_000;

  @TempDir Path dir;

  private static Event awaitEvent(EventBus bus, int count) throws InterruptedException {
    long deadline = System.currentTimeMillis() + EVENT_WAIT_MS;
    while (System.currentTimeMillis() < deadline) {
      List<Event> board = bus.recent().stream().filter(e -> e.type().equals("board")).toList();
      if (board.size() >= count) {
        return board.get(count - 1);
      }
      Thread.sleep(20);
    }
    return null;
  }

  @Test
  void hotPlugBecomesDockerStyleBoardEvents() throws Exception {
    FakeUsbTree tree = new FakeUsbTree(dir);
    EventBus bus = new EventBus();
    try (BoardEventBridge bridge = BoardEventBridge.start(new BoardDiscovery(tree.sys, tree.dev), bus)) {
      tree.plug("ttyUSB0", "1-1.3", "10c4", "ea60", "CP2102", "0001");
      Event attach = awaitEvent(bus, 1);
      assertNotNull(attach, "no attach event within " + EVENT_WAIT_MS + " ms");
      assertEquals("board", attach.type());
      assertEquals("attach", attach.action());
      assertEquals(tree.dev.resolve("ttyUSB0").toString(), attach.actor().id());
      assertEquals(Map.of("name", "ttyUSB0", "byId", tree.dev.resolve("serial/by-id/usb-CP2102_0001-if00-port0")
              .toString(), "vidPid", "10c4:ea60", "product", "CP2102", "serial", "0001", "bridge", "CP210x",
          "likelyEsp", "true"), attach.actor().attributes());
    }
  }

  @Test
  void detachIsPublishedWithTheSameActor() throws Exception {
    FakeUsbTree tree = new FakeUsbTree(dir).plug("ttyUSB0", "1-1.3", "1a86", "7523", "USB2.0-Serial", null);
    EventBus bus = new EventBus();
    BoardEventBridge bridge = new BoardEventBridge(bus);
    var port = new BoardDiscovery(tree.sys, tree.dev).list().get(0);
    bridge.detached(port);
    Event detach = bus.recent().get(0);
    assertEquals("detach", detach.action());
    assertEquals(port.port(), detach.actor().id());
    assertEquals("CH340", detach.actor().attributes().get("bridge"));
    assertEquals("board", detach.type());
  }
}
