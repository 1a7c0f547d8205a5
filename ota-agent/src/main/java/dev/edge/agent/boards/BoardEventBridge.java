package dev.edge.agent.boards;

import dev.edge.hal.board.BoardDiscovery;
import dev.edge.hal.board.BoardListener;
import dev.edge.hal.board.BoardPort;
import dev.edge.hal.board.BoardWatcher;
import dev.edge.hal.board.UsbSerialBridge;
import dev.edge.runtime.events.EventBus;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Publishes hot-plug as daemon events in Docker's format: Type {@code board}, Action {@code attach} or
 * {@code detach}, Actor ID the port ({@code /dev/ttyUSB0}), with the USB facts as attributes, so
 * {@code edge events --filter type=board} and the MQTT agent see boards come and go.
 */
public final class BoardEventBridge implements BoardListener, AutoCloseable {

  public static final String TYPE = "board";
  public static final String ATTACH = "attach";
  public static final String DETACH = "detach";

  private final EventBus events;
  private BoardWatcher watcher;

  public BoardEventBridge(EventBus events) {
    this.events = events;
  }

  /** Starts a {@link BoardWatcher} on {@code discovery} that reports to {@code events}; close it to stop. */
  public static BoardEventBridge start(BoardDiscovery discovery, EventBus events) throws IOException {
    BoardEventBridge bridge = new BoardEventBridge(events);
    bridge.watcher = new BoardWatcher(discovery, bridge);
    bridge.watcher.start();
    return bridge;
  }

  @Override
  public void attached(BoardPort port) {
    events.publish(TYPE, ATTACH, port.port(), attributes(port));
  }

  @Override
  public void detached(BoardPort port) {
    events.publish(TYPE, DETACH, port.port(), attributes(port));
  }

  static Map<String, String> attributes(BoardPort port) {
    Map<String, String> a = new LinkedHashMap<>();
    a.put("name", port.id());
    port.byId().ifPresent(v -> a.put("byId", v));
    port.usb().ifPresent(u -> {
      a.put("vidPid", u.vidPid());
      u.manufacturer().ifPresent(v -> a.put("manufacturer", v));
      u.product().ifPresent(v -> a.put("product", v));
      u.serialNumber().ifPresent(v -> a.put("serial", v));
    });
    port.bridge().map(UsbSerialBridge::displayName).ifPresent(v -> a.put("bridge", v));
    a.put("likelyEsp", String.valueOf(port.likelyEspBoard()));
    return a;
  }

  @Override
  public void close() {
    if (watcher != null) {
      watcher.close();
    }
  }
}
