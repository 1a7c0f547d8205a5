package dev.edge.runtime.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EventBusTest {
  @Test
  void subscribersReceiveEventsPublishedAfterSubscribing() throws Exception {
    EventBus bus = new EventBus();
    try (EventBus.Subscription sub = bus.subscribe(EventFilter.all(), 0)) {
      bus.publish("image", "pull", "busybox:latest", Map.of());
      Event e = sub.poll(1000);
      assertEquals("pull", e.action());
      assertEquals("busybox:latest", e.actor().id());
      assertEquals("pull", e.status());
    }
  }

  @Test
  void sinceReplaysHistoryAndTheHistoryIsBounded() throws Exception {
    EventBus bus = new EventBus();
    for (int i = 0; i < EventBus.HISTORY + 10; i++) {
      bus.publish("container", "create", "c" + i, Map.of());
    }
    assertEquals(EventBus.HISTORY, bus.recent().size());
    assertEquals("c10", bus.recent().get(0).actor().id());
    try (EventBus.Subscription sub = bus.subscribe(EventFilter.all(), 1)) {
      assertEquals("c10", sub.poll(100).actor().id());
    }
  }

  @Test
  void closedSubscriptionsStopReceiving() throws Exception {
    EventBus bus = new EventBus();
    EventBus.Subscription sub = bus.subscribe(EventFilter.all(), 0);
    sub.close();
    bus.publish("container", "start", "x", Map.of());
    assertNull(sub.poll(10));
    assertEquals(0, bus.subscriberCount());
  }
}
