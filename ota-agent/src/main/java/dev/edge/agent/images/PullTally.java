package dev.edge.agent.images;

import dev.edge.runtime.distribution.Progress;
import dev.edge.runtime.image.Descriptor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a pull's Docker-style messages into one percentage of the image's layer bytes: a layer counts by its
 * "Downloading" bytes, and fully once it is complete or already here. Status lines without a layer ("Digest:",
 * "Status:") are passed on as they are.
 */
final class PullTally implements Progress {
  private static final Set<String> LAYER_DONE = Set.of("Already exists", "Download complete", "Pull complete");

  /** Hears the percentage when it moves, and status lines. */
  interface Listener {
    void update(int percent, String message, long doneBytes, long totalBytes);
  }

  private final Listener listener;
  private final Map<String, Long> sizes = new HashMap<>();
  private final Map<String, Long> done = new HashMap<>();
  private long total;
  private int lastPercent = -1;

  PullTally(Listener listener) {
    this.listener = listener;
  }

  /** The layers the pull may fetch, by the short ids its messages use. */
  synchronized void expect(List<Descriptor> layers) {
    for (Descriptor layer : layers) {
      sizes.put(layer.parsedDigest().shortHex(), layer.size());
    }
    total = sizes.values().stream().mapToLong(Long::longValue).sum();
  }

  synchronized int percent() {
    return Math.max(0, lastPercent);
  }

  @Override
  public void report(Map<String, Object> message) {
    Object id = message.get("id");
    Object status = message.get("status");
    String text = status == null ? null : status.toString();
    if (id == null) {
      if (text != null) {
        emit(text);
      }
      return;
    }
    if (!sizes.containsKey(id.toString())) {
      return; // "Pulling from" (its id is the tag), or a layer the manifest did not list
    }
    boolean moved;
    synchronized (this) {
      String layer = id.toString();
      if (text != null && LAYER_DONE.contains(text)) {
        done.put(layer, sizes.get(layer));
      } else if ("Downloading".equals(text) && message.get("progressDetail") instanceof Map<?, ?> detail
          && detail.get("current") instanceof Number current) {
        done.put(layer, Math.min(current.longValue(), sizes.get(layer)));
      }
      moved = percentNow() != lastPercent;
    }
    if (moved) {
      emit(null);
    }
  }

  private void emit(String text) {
    int percent;
    long bytes;
    long all;
    synchronized (this) {
      percent = percentNow();
      lastPercent = percent;
      bytes = doneBytes();
      all = total;
    }
    listener.update(percent, text, bytes, all);
  }

  private long doneBytes() {
    return done.values().stream().mapToLong(Long::longValue).sum();
  }

  private int percentNow() {
    return total <= 0 ? 0 : (int) Math.min(100, doneBytes() * 100 / total);
  }
}
