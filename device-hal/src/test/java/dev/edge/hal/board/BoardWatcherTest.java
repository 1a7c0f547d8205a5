package dev.edge.hal.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BoardWatcherTest {

  private static final long EVENT_WAIT_MS = 5_000;

  @TempDir Path root;

  /** Records events in order, as "attach ttyUSB0" / "detach ttyUSB0". */
  private static final class RecordingListener implements BoardListener {
    final LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();

    @Override
    public void attached(BoardPort port) {
      events.add("attach " + port.id() + " " + port.usb().map(UsbDevice::vidPid).orElse("-"));
    }

    @Override
    public void detached(BoardPort port) {
      events.add("detach " + port.id() + " " + port.usb().map(UsbDevice::vidPid).orElse("-"));
    }

    String next() throws InterruptedException {
      String e = events.poll(EVENT_WAIT_MS, TimeUnit.MILLISECONDS);
      assertNotNull(e, "no board event within " + EVENT_WAIT_MS + " ms");
      return e;
    }
  }

  private static void plugCp2102(FakeSysfs fake) throws Exception {
    fake.usbSerial("ttyUSB0", "1-1.3", "10c4", "ea60", "Silicon Labs", "CP2102", "0001", "cp210x");
  }

  private void attachAndDetachAreReported(boolean inotify, Duration poll) throws Exception {
    FakeSysfs fake = new FakeSysfs(root);
    fake.usbAcm("ttyACM0", "1-1.1", "2341", "0043", "Arduino Uno");
    RecordingListener listener = new RecordingListener();
    try (BoardWatcher watcher = new BoardWatcher(new BoardDiscovery(fake.sys, fake.dev), listener, poll,
        Duration.ofMillis(20), inotify)) {
      watcher.start();
      assertEquals(List.of("ttyACM0"), watcher.current().stream().map(BoardPort::id).toList());
      plugCp2102(fake);
      assertEquals("attach ttyUSB0 10c4:ea60", listener.next());
      fake.unplug("ttyUSB0", "1-1.3");
      assertEquals("detach ttyUSB0 10c4:ea60", listener.next());
      assertNull(listener.events.poll(100, TimeUnit.MILLISECONDS), "no further events");
    }
  }

  @Test
  void reportsAttachAndDetachFromDevEvents() throws Exception {
    // a long poll interval: only the inotify wake-up can deliver the events in time
    attachAndDetachAreReported(true, Duration.ofMinutes(10));
  }

  @Test
  void reportsAttachAndDetachByPollingWithoutInotify() throws Exception {
    attachAndDetachAreReported(false, Duration.ofMillis(50));
  }

  @Test
  void anotherBoardOnTheSameTtyIsADetachThenAnAttach() throws Exception {
    FakeSysfs fake = new FakeSysfs(root);
    plugCp2102(fake);
    RecordingListener listener = new RecordingListener();
    try (BoardWatcher watcher = new BoardWatcher(new BoardDiscovery(fake.sys, fake.dev), listener,
        Duration.ofMinutes(10), Duration.ZERO, false)) {
      watcher.start();
      fake.unplug("ttyUSB0", "1-1.3");
      fake.usbSerial("ttyUSB0", "1-1.4", "1a86", "7523", null, "USB2.0-Serial", null, "ch341-uart");
      watcher.rescan();
      assertEquals("detach ttyUSB0 10c4:ea60", listener.next());
      assertEquals("attach ttyUSB0 1a86:7523", listener.next());
    }
  }

  @Test
  void aFailingListenerDoesNotStopTheWatcher() throws Exception {
    FakeSysfs fake = new FakeSysfs(root);
    LinkedBlockingQueue<String> seen = new LinkedBlockingQueue<>();
    BoardListener flaky = new BoardListener() {
      @Override
      public void attached(BoardPort port) {
        seen.add(port.id());
        throw new IllegalStateException("listener bug");
      }

      @Override
      public void detached(BoardPort port) {
        seen.add("-" + port.id());
      }
    };
    try (BoardWatcher watcher = new BoardWatcher(new BoardDiscovery(fake.sys, fake.dev), flaky,
        Duration.ofMillis(50), Duration.ZERO, false)) {
      watcher.start();
      plugCp2102(fake);
      assertEquals("ttyUSB0", seen.poll(EVENT_WAIT_MS, TimeUnit.MILLISECONDS));
      fake.unplug("ttyUSB0", "1-1.3");
      assertEquals("-ttyUSB0", seen.poll(EVENT_WAIT_MS, TimeUnit.MILLISECONDS));
    }
  }
}
