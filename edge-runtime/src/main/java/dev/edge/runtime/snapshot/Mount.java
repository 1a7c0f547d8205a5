package dev.edge.runtime.snapshot;

import java.util.List;

/**
 * One mount, containerd's common language between snapshotters and the runtime: what to mount
 * ({@code type}, {@code source}, {@code options}); {@code target} is empty until a consumer picks
 * where.
 */
public record Mount(String type, String source, String target, List<String> options) {
  public Mount {
    options = List.copyOf(options);
  }

  /** The options as mount(8) and mount(2) take them. */
  public String optionString() {
    return String.join(",", options);
  }
}
