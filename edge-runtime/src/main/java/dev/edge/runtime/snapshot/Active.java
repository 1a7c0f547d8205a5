package dev.edge.runtime.snapshot;

import java.nio.file.Path;

/** A snapshot being written: unpack the layer into {@code dir}, then commit it. */
public record Active(String key, Path dir) {}
