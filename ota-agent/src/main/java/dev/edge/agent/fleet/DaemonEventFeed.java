package dev.edge.agent.fleet;

import dev.edge.runtime.events.Event;
import dev.edge.runtime.events.EventBus;
import dev.edge.runtime.events.EventFilter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the daemon's events to the agent: board attach/detach become the retained board records, and those and
 * image pulls, pushes and deletions and container exits go to the gateway's events topic.
 */
public final class DaemonEventFeed implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DaemonEventFeed.class);
  /** Which events of the daemon's stream the fleet hears about, by type and action. */
  private static final Map<String, Set<String>> FORWARDED = Map.of(
      "board", Set.of("attach", "detach"),
      "image", Set.of("pull", "push", "delete", "tag", "untag"),
      "container", Set.of("die", "oom"));

  private final EventBus bus;
  private final Thread thread;
  private volatile EventBus.Subscription subscription;
  private volatile boolean closed;

  private DaemonEventFeed(EventBus bus, FleetAgent agent) {
    this.bus = bus;
    this.subscription = bus.subscribe(EventFilter.all(), 0);
    this.thread = new Thread(() -> run(agent), "fleet-events");
    this.thread.setDaemon(true);
  }

  /** Starts feeding; events of the daemon from now on reach the agent. */
  public static DaemonEventFeed start(EventBus bus, FleetAgent agent) {
    DaemonEventFeed feed = new DaemonEventFeed(bus, agent);
    feed.thread.start();
    return feed;
  }

  private void run(FleetAgent agent) {
    while (!closed) {
      Event e;
      try {
        e = subscription.poll(500);
      } catch (InterruptedException ie) {
        return;
      } catch (IllegalStateException fellBehind) {
        // The bus drops a reader that falls too far behind; what it missed is lost, the rest must not be.
        LOG.warn("fleet: {}; listening again", fellBehind.getMessage());
        subscription.close();
        subscription = bus.subscribe(EventFilter.all(), 0);
        continue;
      }
      if (e != null && FORWARDED.getOrDefault(e.type(), Set.of()).contains(e.action())) {
        forward(agent, e);
      }
    }
  }

  private static void forward(FleetAgent agent, Event e) {
    Map<String, String> attributes = e.actor().attributes();
    if ("board".equals(e.type())) {
      String name = attributes.getOrDefault("name", Path.of(e.actor().id()).getFileName().toString());
      if ("attach".equals(e.action())) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("board", name);
        info.put("port", e.actor().id());
        info.putAll(attributes);
        info.remove("name");
        agent.boardAttached(name, info);
      } else {
        agent.boardDetached(name);
      }
    }
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("type", e.type());
    event.put("action", e.action());
    event.put("id", e.actor().id());
    event.put("attributes", attributes);
    agent.event(event);
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    subscription.close();
  }
}
