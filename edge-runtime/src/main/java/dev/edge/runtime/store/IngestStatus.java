package dev.edge.runtime.store;

import dev.edge.runtime.image.Digest;
import java.time.Instant;

/**
 * An unfinished ingest as found on disk.
 *
 * @param offset bytes stored so far
 * @param updatedAt the last write to its data
 */
public record IngestStatus(String ref, Digest expected, long expectedSize, long offset,
    Instant startedAt, Instant updatedAt) {}
