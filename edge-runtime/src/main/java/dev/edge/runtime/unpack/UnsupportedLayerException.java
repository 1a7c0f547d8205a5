package dev.edge.runtime.unpack;

import java.io.IOException;

/** A layer this installation cannot read: no zstd codec, or bytes not in the stated format. */
public class UnsupportedLayerException extends IOException {
  public UnsupportedLayerException(String message) {
    super(message);
  }

  public UnsupportedLayerException(String message, Throwable cause) {
    super(message, cause);
  }
}
