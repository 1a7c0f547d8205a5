package dev.edge.agent.firmware;

import dev.edge.agent.jobs.JobProgress;
import dev.edge.hal.esp.ChipInfo;
import dev.edge.hal.flash.FlashListener;
import dev.edge.hal.flash.FlashRegion;
import dev.edge.hal.flash.RegionSummary;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reports a flash to a job: chip, per-region erase and write, overall percent (every 16 KiB), summaries. */
final class FlashReport implements FlashListener {
  static final long PROGRESS_EVERY = 16 * 1024;

  private final JobProgress progress;
  private final long totalBytes;
  private long doneBefore;
  private long lastReported;
  private String chip;
  private String mac;
  private long flashSize = -1;

  FlashReport(JobProgress progress, long totalBytes) {
    this.progress = progress;
    this.totalBytes = Math.max(1, totalBytes);
  }

  String chip() {
    return chip;
  }

  String mac() {
    return mac;
  }

  /** Bytes, or -1 when the flash chip could not be identified. */
  long flashSize() {
    return flashSize;
  }

  /** What the board said of itself, for the job's result and the fleet's board record. */
  void describeBoard(Map<String, Object> result) {
    if (chip != null) {
      result.put("chip", chip);
    }
    if (mac != null) {
      result.put("mac", mac);
    }
    if (flashSize > 0) {
      result.put("flashSize", flashSize);
    }
  }

  @Override
  public void warning(String message) {
    progress.warning(message);
  }

  @Override
  public void connected(ChipInfo info, long flashSize) {
    chip = info.description();
    mac = info.mac();
    this.flashSize = flashSize;
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("chip", info.description());
    data.put("mac", info.mac());
    if (flashSize > 0) {
      data.put("flashSize", flashSize);
    }
    progress.progress(0, "connected: " + info.description() + ", MAC " + info.mac(), data);
  }

  @Override
  public void regionStarted(FlashRegion region, int index, int count) {
    lastReported = 0;
    progress.progress(percent(0), String.format("erasing for %s at 0x%x (%d bytes, %d of %d)", region.label(),
        region.address(), region.data().length, index + 1, count), Map.of());
  }

  @Override
  public void erased(FlashRegion region, Duration took) {
    progress.progress(percent(0), String.format("erased in %.2f s; writing %s", took.toMillis() / 1000.0,
        region.label()), Map.of());
  }

  @Override
  public void progress(FlashRegion region, long written) {
    if (written - lastReported >= PROGRESS_EVERY || written == region.data().length) {
      lastReported = written;
      progress.progress(percent(written), null, Map.of("region", region.label(), "address", region.address()
          + written, "written", written, "total", region.data().length));
    }
  }

  @Override
  public void regionDone(RegionSummary s) {
    doneBefore += s.bytes();
    progress.progress(percent(0), s.esptoolLine(), Map.of("region", s.label(), "seconds", s.seconds()));
  }

  @Override
  public void finished(String afterAction) {
    progress.progress(100, "done; " + afterAction, Map.of());
  }

  private int percent(long inRegion) {
    return (int) Math.min(100, (doneBefore + inRegion) * 100 / totalBytes);
  }
}
