package dev.edge.runtime.events;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The daemon's event stream. Every part of the runtime publishes here; {@code GET /events}, the
 * MQTT agent and tests subscribe. Recent events are kept so {@code since} can replay them.
 */
public final class EventBus {
  /** Docker keeps the same number of past events for {@code --since}. */
  public static final int HISTORY = 256;
  /** A subscriber that falls this far behind is cut off rather than grow the heap. */
  static final int SUBSCRIBER_BACKLOG = 1024;

  private final Deque<Event> history = new ArrayDeque<>();
  private final List<Subscription> subscribers = new CopyOnWriteArrayList<>();

  public void publish(String type, String action, String actorId, Map<String, String> attributes) {
    Event event = Event.of(type, action, actorId, attributes, nowNanos());
    synchronized (history) {
      history.addLast(event);
      if (history.size() > HISTORY) {
        history.removeFirst();
      }
    }
    for (Subscription s : subscribers) {
      s.offer(event);
    }
  }

  /** Subscribes; events at or after {@code sinceNanos} from the history come first. */
  public Subscription subscribe(EventFilter filter, long sinceNanos) {
    Subscription sub = new Subscription(filter);
    synchronized (history) {
      if (sinceNanos > 0) {
        for (Event e : history) {
          if (e.timeNano() >= sinceNanos) {
            sub.offer(e);
          }
        }
      }
      subscribers.add(sub);
    }
    return sub;
  }

  public int subscriberCount() {
    return subscribers.size();
  }

  /** The events kept in history, oldest first. */
  public List<Event> recent() {
    synchronized (history) {
      return new ArrayList<>(history);
    }
  }

  private static long nowNanos() {
    java.time.Instant now = java.time.Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  /** One reader of the stream. Close it when the reader goes away. */
  public final class Subscription implements AutoCloseable {
    private final EventFilter filter;
    private final LinkedBlockingQueue<Event> queue = new LinkedBlockingQueue<>(SUBSCRIBER_BACKLOG);
    private volatile boolean overflowed;

    private Subscription(EventFilter filter) {
      this.filter = filter;
    }

    private void offer(Event e) {
      if (filter.matches(e) && !queue.offer(e)) {
        overflowed = true;
      }
    }

    /** The next event, or null after {@code timeoutMillis}. */
    public Event poll(long timeoutMillis) throws InterruptedException {
      if (overflowed) {
        throw new IllegalStateException("event subscriber fell more than " + SUBSCRIBER_BACKLOG
            + " events behind and was dropped");
      }
      return queue.poll(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
      subscribers.remove(this);
    }
  }
}
