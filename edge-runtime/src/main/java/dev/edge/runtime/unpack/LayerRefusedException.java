package dev.edge.runtime.unpack;

import java.io.IOException;

/** A layer entry that the unpacker will not write, naming the entry and why. */
public class LayerRefusedException extends IOException {
  private final String entry;
  private final String reason;

  public LayerRefusedException(String entry, String reason) {
    super("layer entry \"" + entry + "\": " + reason);
    this.entry = entry;
    this.reason = reason;
  }

  public String entry() {
    return entry;
  }

  public String reason() {
    return reason;
  }
}
