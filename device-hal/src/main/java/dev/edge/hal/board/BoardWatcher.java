package dev.edge.hal.board;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports serial ports that appear and disappear.
 *
 * <p>Why this design: the kernel creates and removes the {@code /dev/ttyUSB*} and {@code /dev/ttyACM*} nodes, so an
 * inotify watch on {@code /dev} (the JDK's Linux {@link WatchService}) wakes the watcher only when something
 * changes and costs no CPU while idle, which matters on a Pi. sysfs itself cannot be watched with inotify. After a
 * wake-up the watcher waits a short settle delay, because udev creates the {@code /dev/serial/by-id} links just
 * after the node, then rescans sysfs and diffs against the last scan. A slow safety poll also rescans, for setups
 * where {@code /dev} events do not arrive (a container with a static {@code /dev}, an inotify queue overflow);
 * where inotify is unavailable the watcher polls at a faster interval instead.
 */
public final class BoardWatcher implements AutoCloseable {

  /** Rescan interval while inotify on /dev works; only a safety net. */
  public static final Duration SAFETY_POLL_INTERVAL = Duration.ofSeconds(5);
  /** Rescan interval when /dev cannot be watched: one sysfs directory listing per second is negligible. */
  public static final Duration POLL_INTERVAL_WITHOUT_INOTIFY = Duration.ofSeconds(1);
  /** Time for udev to finish the by-id links after the kernel made the node. */
  public static final Duration SETTLE_DELAY = Duration.ofMillis(300);

  private static final Logger LOG = LoggerFactory.getLogger(BoardWatcher.class);

  private final BoardDiscovery discovery;
  private final BoardListener listener;
  private final Duration pollInterval;
  private final Duration settleDelay;
  private final boolean useInotify;
  private final Object lock = new Object();
  private Map<String, BoardPort> known = new LinkedHashMap<>();
  private WatchService watchService;
  private Thread thread;
  private volatile boolean closed;

  /** A watcher with the production intervals, using inotify on /dev when it can. */
  public BoardWatcher(BoardDiscovery discovery, BoardListener listener) {
    this(discovery, listener, SAFETY_POLL_INTERVAL, SETTLE_DELAY, true);
  }

  /**
   * @param pollInterval rescan interval when nothing wakes the watcher (with {@code useInotify} false, or when
   *     inotify is unavailable, {@link #POLL_INTERVAL_WITHOUT_INOTIFY} if that is shorter)
   * @param settleDelay  wait after a /dev event before rescanning
   * @param useInotify   watch the discovery's /dev for changes
   */
  public BoardWatcher(BoardDiscovery discovery, BoardListener listener, Duration pollInterval,
      Duration settleDelay, boolean useInotify) {
    this.discovery = discovery;
    this.listener = listener;
    this.pollInterval = pollInterval;
    this.settleDelay = settleDelay;
    this.useInotify = useInotify;
  }

  /** Takes the first snapshot (no events for ports already there) and starts watching. */
  public void start() throws IOException {
    synchronized (lock) {
      if (thread != null) {
        throw new IllegalStateException("board watcher already started");
      }
      known = snapshot(discovery.list());
      Duration interval = pollInterval;
      if (useInotify) {
        watchService = openWatch();
        if (watchService == null && POLL_INTERVAL_WITHOUT_INOTIFY.compareTo(interval) < 0) {
          interval = POLL_INTERVAL_WITHOUT_INOTIFY;
        }
      }
      Duration wait = interval;
      thread = new Thread(() -> run(wait), "board-watcher");
      thread.setDaemon(true);
      thread.start();
    }
  }

  /** The ports as of the last scan. */
  public List<BoardPort> current() {
    synchronized (lock) {
      return List.copyOf(known.values());
    }
  }

  /** Rescans now and reports the differences; the watcher thread calls this, tests and callers may too. */
  public void rescan() {
    List<BoardPort> attached = new ArrayList<>();
    List<BoardPort> detached = new ArrayList<>();
    synchronized (lock) {
      Map<String, BoardPort> now;
      try {
        now = snapshot(discovery.list());
      } catch (IOException e) {
        // a device that vanishes while its sysfs attributes are read; the next scan settles it
        LOG.debug("board scan failed, retrying on the next scan: {}", e.toString());
        return;
      }
      known.forEach((identity, port) -> {
        if (!now.containsKey(identity)) {
          detached.add(port);
        }
      });
      now.forEach((identity, port) -> {
        if (!known.containsKey(identity)) {
          attached.add(port);
        }
      });
      known = now;
    }
    detached.forEach(p -> notify(() -> listener.detached(p), p, "detach"));
    attached.forEach(p -> notify(() -> listener.attached(p), p, "attach"));
  }

  @Override
  public void close() {
    closed = true;
    Thread t;
    synchronized (lock) {
      t = thread;
      if (watchService != null) {
        try {
          watchService.close();
        } catch (IOException e) {
          LOG.debug("closing the /dev watch: {}", e.toString());
        }
      }
    }
    if (t != null) {
      t.interrupt();
      try {
        t.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private WatchService openWatch() {
    try {
      WatchService ws = FileSystems.getDefault().newWatchService();
      discovery.devRoot().register(ws, StandardWatchEventKinds.ENTRY_CREATE,
          StandardWatchEventKinds.ENTRY_DELETE);
      return ws;
    } catch (IOException | UnsupportedOperationException e) {
      LOG.info("cannot watch {} for new serial ports ({}); polling every {} ms instead",
          discovery.devRoot(), e.toString(), POLL_INTERVAL_WITHOUT_INOTIFY.toMillis());
      return null;
    }
  }

  private void run(Duration interval) {
    while (!closed) {
      try {
        if (watchService != null) {
          WatchKey key = watchService.poll(interval.toMillis(), TimeUnit.MILLISECONDS);
          if (key != null) {
            drain(key);
            Thread.sleep(settleDelay.toMillis());
            Optional.ofNullable(watchService.poll()).ifPresent(BoardWatcher::drain);
          }
        } else {
          Thread.sleep(interval.toMillis());
        }
        rescan();
      } catch (InterruptedException | ClosedWatchServiceException e) {
        return;
      }
    }
  }

  private static void drain(WatchKey key) {
    key.pollEvents();
    key.reset();
  }

  private static Map<String, BoardPort> snapshot(List<BoardPort> ports) {
    Map<String, BoardPort> map = new LinkedHashMap<>();
    ports.forEach(p -> map.put(p.identity(), p));
    return map;
  }

  private static void notify(Runnable call, BoardPort port, String what) {
    try {
      call.run();
    } catch (RuntimeException e) {
      LOG.warn("board {} listener failed for {}: {}", what, port.port(), e.toString());
    }
  }
}
