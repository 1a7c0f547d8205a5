package dev.edge.runtime.build.layer;

import dev.edge.runtime.image.Digest;

/**
 * What a written layer is known by: the uncompressed tar's digest (the config's diff_id), the
 * compressed blob's digest and size (the manifest's descriptor), and how many tar entries it has.
 */
public record LayerDigests(Digest diffId, Digest digest, long size, long entries) {}
