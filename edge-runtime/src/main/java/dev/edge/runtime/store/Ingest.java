package dev.edge.runtime.store;

import dev.edge.runtime.image.Digest;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * One resumable write into the content store. Not thread-safe: one writer per ref. {@link #close}
 * without commit keeps the partial data for a later resume; {@link #abort} discards it.
 */
public interface Ingest extends Closeable {
  String ref();

  Digest expected();

  long expectedSize();

  /** Bytes already stored: where an HTTP {@code Range: bytes=N-} request should start. */
  long offset();

  /**
   * A stream that appends to the ingest and hashes as it writes. On a resumed ingest the first
   * call re-reads the stored bytes through the hasher. Writing beyond the expected size aborts
   * the ingest and throws {@link SizeMismatchException}.
   */
  OutputStream outputStream() throws IOException;

  /**
   * For download and unpack in one pass: a stream that yields the bytes already stored (re-read
   * from disk and hashed, not written again), then the bytes of {@code remainder}, each stored and
   * hashed before it is handed on. {@code remainder} must start at {@link #offset()}.
   */
  InputStream tee(InputStream remainder) throws IOException;

  /**
   * fsyncs, verifies the size and the digest of the whole file, then renames it into the blob
   * store and fsyncs the directory. A blob that is already present makes this a no-op.
   *
   * @return the committed blob's path
   * @throws DigestMismatchException or SizeMismatchException, after deleting the ingest
   */
  Path commit() throws IOException;

  /** Deletes the partial data and releases the ref. */
  void abort() throws IOException;

  /** Releases the ref and keeps what was written for a resume. */
  @Override
  void close() throws IOException;
}
