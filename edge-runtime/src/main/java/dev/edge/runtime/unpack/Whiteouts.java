package dev.edge.runtime.unpack;

/** How a layer's whiteouts ({@code .wh.NAME}, {@code .wh..wh..opq}) are realised on disk. */
public enum Whiteouts {
  /**
   * overlayfs's own form in a directory that holds only this layer: a 0/0 character device for a
   * removed name, {@code trusted.overlay.opaque=y} on an opaque directory. Layers are independent.
   */
  OVERLAY,
  /**
   * Applied to a directory that already holds the lower layers (a copy): removed names are
   * deleted, opaque directories lose the children this layer did not write.
   */
  DELETE
}
