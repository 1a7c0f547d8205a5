package dev.edge.runtime.store;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The small JSON kept beside an ingest's data: what it must become and when it began.
 *
 * @param startedAt ISO-8601 instant
 */
record IngestRecord(
    @JsonProperty("ref") String ref,
    @JsonProperty("expected") String expected,
    @JsonProperty("size") long size,
    @JsonProperty("startedAt") String startedAt) {}
