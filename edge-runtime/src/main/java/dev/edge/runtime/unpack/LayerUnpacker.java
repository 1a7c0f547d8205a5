package dev.edge.runtime.unpack;

import dev.edge.runtime.image.MediaTypes.Compression;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * Unpacks one image layer into a directory in a single pass: decompress, hash the uncompressed
 * tar (the diff_id), untar safely. Memory stays bounded whatever the layer's size. Reading and
 * decompressing run a few chunks ahead in a second thread (see {@link ReadAheadInputStream}).
 *
 * <p>Thread-safe: one instance serves parallel unpacks into different directories.
 */
public final class LayerUnpacker {
  /** Chunk for copying file contents; the tar reader passes large reads straight through. */
  static final int COPY_BUFFER = 128 * 1024;
  /** Decompressed data the download side may run ahead of the untar side: 4 × 128 KiB. */
  static final int READ_AHEAD_CHUNK = 128 * 1024;
  static final int READ_AHEAD_CHUNKS = 4;
  private final Whiteouts whiteouts;

  public LayerUnpacker(Whiteouts whiteouts) {
    this.whiteouts = whiteouts;
  }

  public Whiteouts whiteouts() {
    return whiteouts;
  }

  /**
   * Unpacks {@code compressedLayer} into {@code targetDir} (created if missing) and reads the
   * stream to its end, so a tee behind it sees every byte. The stream is not closed.
   *
   * @throws LayerRefusedException for an entry that would escape, a device node's kin, or a limit
   * @throws UnsupportedLayerException for zstd without zstd-jni, or bytes not in the stated format
   */
  public UnpackResult apply(InputStream compressedLayer, Compression compression, Path targetDir,
      Limits limits) throws IOException {
    Files.createDirectories(targetDir);
    byte[] buffer = new byte[COPY_BUFFER];
    UncompressedDigestStream uncompressed;
    LayerApplication application;
    // Closing the read-ahead stops its thread before the decompressor is closed.
    try (InputStream decompressed = new ReadAheadInputStream(
        Decompressors.open(compressedLayer, compression), READ_AHEAD_CHUNK, READ_AHEAD_CHUNKS,
        "unpack-read-ahead " + targetDir.getFileName())) {
      // The read-ahead's chunks also buffer the tar reader's 512-byte header reads.
      uncompressed = new UncompressedDigestStream(decompressed, limits.maxUncompressedBytes());
      GuardedTarInputStream tar = new GuardedTarInputStream(uncompressed, limits.maxHeaderBytes());
      application = new LayerApplication(
          new LayerTree(targetDir.toAbsolutePath(), whiteouts == Whiteouts.DELETE), whiteouts,
          limits, buffer);
      readEntries(tar, application);
      application.finish();
      drainUncompressed(uncompressed, application.lastEntry(), buffer);
    }
    drain(compressedLayer, buffer);
    return new UnpackResult(uncompressed.digest(), uncompressed.count(), application.entries(),
        application.skippedDevices(), application.skippedXattrs());
  }

  private static void readEntries(GuardedTarInputStream tar, LayerApplication application)
      throws IOException {
    while (true) {
      TarArchiveEntry entry;
      try {
        entry = tar.getNextEntry();
      } catch (UncompressedDigestStream.LimitExceeded e) {
        throw new LayerRefusedException(application.lastEntry(), e.getMessage());
      } catch (LayerRefusedException e) {
        throw e;
      } catch (IllegalArgumentException | IOException e) {
        throw new LayerRefusedException(application.lastEntry(),
            "malformed tar header after this entry: " + e.getMessage());
      }
      if (entry == null) {
        return;
      }
      try {
        application.apply(entry, tar, tar.takeRawPax());
      } catch (UncompressedDigestStream.LimitExceeded e) {
        throw new LayerRefusedException(entry.getName(), e.getMessage());
      }
    }
  }

  private static void drainUncompressed(UncompressedDigestStream uncompressed, String lastEntry,
      byte[] buffer) throws IOException {
    try {
      uncompressed.drain(buffer);
    } catch (UncompressedDigestStream.LimitExceeded e) {
      throw new LayerRefusedException(lastEntry + " (after the end of the tar)", e.getMessage());
    }
  }

  private static void drain(InputStream in, byte[] buffer) throws IOException {
    while (in.read(buffer, 0, buffer.length) >= 0) {
      // the caller's tee hashes and stores what passes through
    }
  }
}
