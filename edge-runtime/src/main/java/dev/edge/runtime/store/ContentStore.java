package dev.edge.runtime.store;

import dev.edge.runtime.image.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Immutable blobs addressed by digest. Writes go through a resumable {@link Ingest} keyed by a
 * ref and become visible only when {@link Ingest#commit()} has verified size and digest.
 */
public interface ContentStore {
  /** How long an unfinished download stays resumable after its last byte (see recover). */
  Duration DEFAULT_RESUME_WINDOW = Duration.ofHours(24);

  /**
   * Opens the ingest for {@code ref}, resuming its partial data when a previous attempt (in this
   * process or before a crash) left some; {@link Ingest#offset()} says how much.
   *
   * @throws IngestLockedException when another writer holds the ref
   */
  Ingest openIngest(String ref, Digest expected, long expectedSize) throws IOException;

  boolean exists(Digest digest);

  /**
   * Moves {@code file} into the store as the blob {@code digest}, without copying it: for a
   * blob this daemon just wrote and hashed itself (a build's layer), on the store's file system.
   * The file is gone afterwards (also when the blob was already there).
   */
  void adopt(Path file, Digest digest) throws IOException;

  /**
   * A fresh path on the store's file system for a blob to be {@link #adopt}ed; one left behind
   * by a crash is removed at the next start.
   */
  Path scratchFile(String purpose) throws IOException;

  /** The committed blob's file, for readers that want a FileChannel or a length. */
  Optional<Path> path(Digest digest);

  /** @throws BlobNotFoundException when the blob is not committed */
  InputStream open(Digest digest) throws IOException;

  /** @throws BlobNotFoundException when the blob is not committed */
  long size(Digest digest) throws IOException;

  /** Removes a committed blob; false when it was not there. */
  boolean delete(Digest digest) throws IOException;

  /** Every committed blob. */
  List<Digest> list() throws IOException;

  /** Deletes an unfinished ingest and its partial data. */
  void abort(String ref) throws IOException;

  /** Unfinished ingests: what a resumed pull can continue. */
  List<IngestStatus> listIngests() throws IOException;

  /**
   * For daemon start: removes stray temp files, ingests whose last write is older than
   * {@code resumeWindow}, and ingests that are unreadable, oversized or already committed.
   *
   * @return the ingests kept for resumption
   */
  List<IngestStatus> recover(Duration resumeWindow) throws IOException;

  /**
   * The deterministic ref for a blob of a given kind ({@code layer}, {@code config},
   * {@code manifest}, {@code index}), so a second pull of the same blob resumes the same ingest.
   */
  static String refFor(String kind, Digest digest) {
    return kind + "-" + digest;
  }
}
