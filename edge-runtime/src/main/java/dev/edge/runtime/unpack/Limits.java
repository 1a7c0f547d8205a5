package dev.edge.runtime.unpack;

/**
 * Bounds that stop a malicious layer (gzip or tar bomb, header flood, absurd paths) with an error
 * before it exhausts disk, memory or inode tables.
 *
 * @param maxUncompressedBytes the uncompressed tar stream, headers and padding included
 * @param maxEntries tar entries, whiteouts included
 * @param maxHeaderBytes one PAX or GNU long-name/long-link header, which the tar reader buffers
 * @param maxPathBytes one entry or link-target path, in UTF-8 bytes
 */
public record Limits(long maxUncompressedBytes, long maxEntries, int maxHeaderBytes,
    int maxPathBytes) {
  /** Several times the largest toolchain layer we expect (~0.5 GiB), far below a Pi's SD card. */
  public static final long DEFAULT_MAX_UNCOMPRESSED_BYTES = 8L << 30;
  /** A full Debian with gcc has ~60 000 entries; a million is clearly hostile. */
  public static final long DEFAULT_MAX_ENTRIES = 1_000_000;
  /** Real PAX headers (long names, xattrs, capabilities) are a few hundred bytes. */
  public static final int DEFAULT_MAX_HEADER_BYTES = 1 << 20;
  /** Linux PATH_MAX. */
  public static final int DEFAULT_MAX_PATH_BYTES = 4096;
  /** Linux NAME_MAX, for one path component; not configurable because the kernel is not. */
  public static final int MAX_NAME_BYTES = 255;

  public Limits {
    if (maxUncompressedBytes <= 0 || maxEntries <= 0 || maxHeaderBytes < 512
        || maxPathBytes <= 0) {
      throw new IllegalArgumentException("unpack limits must be positive (headers at least 512"
          + " bytes): " + maxUncompressedBytes + ", " + maxEntries + ", " + maxHeaderBytes + ", "
          + maxPathBytes);
    }
  }

  public static Limits defaults() {
    return new Limits(DEFAULT_MAX_UNCOMPRESSED_BYTES, DEFAULT_MAX_ENTRIES,
        DEFAULT_MAX_HEADER_BYTES, DEFAULT_MAX_PATH_BYTES);
  }

  public Limits withMaxUncompressedBytes(long bytes) {
    return new Limits(bytes, maxEntries, maxHeaderBytes, maxPathBytes);
  }

  public Limits withMaxEntries(long entries) {
    return new Limits(maxUncompressedBytes, entries, maxHeaderBytes, maxPathBytes);
  }

  public Limits withMaxHeaderBytes(int bytes) {
    return new Limits(maxUncompressedBytes, maxEntries, bytes, maxPathBytes);
  }

  public Limits withMaxPathBytes(int bytes) {
    return new Limits(maxUncompressedBytes, maxEntries, maxHeaderBytes, bytes);
  }
}
