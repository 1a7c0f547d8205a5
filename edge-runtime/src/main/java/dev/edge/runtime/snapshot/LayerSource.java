package dev.edge.runtime.snapshot;

import dev.edge.runtime.image.Digest;

/**
 * Where a pulled layer's snapshot can be unpacked from again: its blob, fsynced in the content
 * store before the snapshot was committed, and the diff_id the result must have.
 */
public record LayerSource(Digest blob, String mediaType, Digest diffId) {}
