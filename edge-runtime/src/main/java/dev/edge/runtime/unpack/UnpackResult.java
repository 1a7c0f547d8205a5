package dev.edge.runtime.unpack;

import dev.edge.runtime.image.Digest;

/**
 * What unpacking one layer produced.
 *
 * @param diffId sha256 of the uncompressed tar, as the image config's rootfs.diff_ids lists it
 * @param size bytes of the uncompressed tar
 * @param entries tar entries read, whiteouts included
 * @param skippedDevices character and block devices in the layer that were not created
 * @param skippedXattrs extended attributes not applied (namespaces we do not trust)
 */
public record UnpackResult(Digest diffId, long size, long entries, int skippedDevices,
    int skippedXattrs) {

  /** Throws unless the layer hashed to {@code expected}; call it before committing a snapshot. */
  public UnpackResult requireDiffId(Digest expected) throws DiffIdMismatchException {
    if (!diffId.equals(expected)) {
      throw new DiffIdMismatchException(expected, diffId);
    }
    return this;
  }
}
