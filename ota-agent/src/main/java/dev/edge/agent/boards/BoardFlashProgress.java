package dev.edge.agent.boards;

import dev.edge.hal.esp.ChipInfo;
import dev.edge.hal.flash.FlashListener;
import dev.edge.hal.flash.FlashRegion;
import dev.edge.hal.flash.RegionSummary;
import dev.edge.runtime.api.JsonStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Streams a flash's progress as one JSON object per line: Connected, Erased, Writing (at most every
 * {@link #PROGRESS_EVERY} bytes), Wrote (esptool's summary), Done; warnings as {@code {"Warning": ...}}.
 */
final class BoardFlashProgress implements FlashListener {
  /** Progress granularity: 16 ROM blocks. */
  static final long PROGRESS_EVERY = 16 * 1024;

  private final JsonStream stream;
  private long lastReported;

  BoardFlashProgress(JsonStream stream) {
    this.stream = stream;
  }

  void send(Map<String, Object> message) {
    try {
      stream.write(message);
    } catch (IOException e) {
      // the client went away; the flash itself carries on to a clean end
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void warning(String message) {
    send(Map.of("Warning", message));
  }

  @Override
  public void connected(ChipInfo chip, long flashSize) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Status", "Connected");
    m.put("Chip", chip.description());
    m.put("Mac", chip.mac());
    m.put("ChipId", chip.chipId());
    if (flashSize > 0) {
      m.put("FlashSize", flashSize);
    }
    send(m);
  }

  @Override
  public void regionStarted(FlashRegion region, int index, int count) {
    lastReported = 0;
    send(map("Status", "Erasing", "Region", region.label(), "Address", region.address(), "Bytes",
        region.data().length, "Index", index + 1, "Count", count));
  }

  @Override
  public void erased(FlashRegion region, Duration took) {
    send(map("Status", "Erased", "Region", region.label(), "Seconds", took.toMillis() / 1000.0));
  }

  @Override
  public void progress(FlashRegion region, long written) {
    if (written - lastReported >= PROGRESS_EVERY || written == region.data().length) {
      lastReported = written;
      send(map("Status", "Writing", "Region", region.label(), "Address", region.address() + written,
          "Written", written, "Total", region.data().length));
    }
  }

  @Override
  public void regionDone(RegionSummary s) {
    send(map("Status", "Wrote", "Region", s.label(), "Address", s.address(), "Bytes", s.bytes(), "Seconds",
        s.seconds(), "EraseSeconds", s.erase().toMillis() / 1000.0, "KbitPerSecond", s.kbitPerSecond(),
        "Summary", s.esptoolLine()));
  }

  @Override
  public void finished(String afterAction) {
    send(map("Status", "Done", "After", afterAction));
  }

  /** Docker's stream error form, so docker-style clients show it. */
  void error(String message) {
    send(Map.of("error", message, "errorDetail", Map.of("message", message)));
  }

  private static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }
}
