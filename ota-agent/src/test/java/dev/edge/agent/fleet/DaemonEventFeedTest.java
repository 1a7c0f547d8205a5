package dev.edge.agent.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edge.agent.jobs.JobEngine;
import dev.edge.runtime.events.EventBus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Daemon events reach the agent: boards become retained records, the rest the events topic. */
class DaemonEventFeedTest {
  @TempDir Path dir;

  @Test
  void boardAttachAndDetachUpdateTheBoardsAndEveryForwardedEventIsPublished() throws Exception {
    FleetPublisherTest.FakeTransport transport = new FleetPublisherTest.FakeTransport();
    transport.connected = true;
    var keys = FleetKeys.generate();
    try (JobEngine engine = new JobEngine(dir.resolve("jobs"));
        FleetAgent agent = new FleetAgent(new AgentConfig("gw", Map.of(FleetKeys.keyId(keys.getPublic()),
            keys.getPublic()), dir.resolve("agent"), Duration.ofSeconds(60), 100, false), transport, engine,
            Map::of)) {
      EventBus bus = new EventBus();
      try (DaemonEventFeed feed = DaemonEventFeed.start(bus, agent)) {
        bus.publish("board", "attach", "/dev/ttyUSB0", Map.of("name", "ttyUSB0", "vidPid", "1a86:7523"));
        bus.publish("container", "start", "abc", Map.of());
        bus.publish("image", "pull", "busybox:latest", Map.of("name", "busybox:latest"));
        awaitBoards(agent, 1);
        List<?> boards = (List<?>) agent.status().get("boards");
        assertTrue(boards.get(0).toString().contains("vidPid=1a86:7523"), boards.toString());
        bus.publish("board", "detach", "/dev/ttyUSB0", Map.of("name", "ttyUSB0"));
        awaitBoards(agent, 0);
        agent.flush();
        long events = transport.sent.stream().filter(s -> s.contains("\"action\"")).count();
        assertEquals(3, events, "attach, pull and detach; a container start is not forwarded: " + transport.sent);
        assertTrue(transport.sent.contains(""), "a detach clears the retained board record");
      }
    }
  }

  private static void awaitBoards(FleetAgent agent, int n) throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (((List<?>) agent.status().get("boards")).size() != n && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(n, ((List<?>) agent.status().get("boards")).size());
  }
}
