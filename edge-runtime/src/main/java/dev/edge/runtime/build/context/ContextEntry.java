package dev.edge.runtime.build.context;

import java.nio.file.Path;

/**
 * A file, directory or link a COPY/ADD source selects: {@code relative} is its path under the
 * selected root ({@code ""} for the root itself, which for a file source is the file).
 */
public record ContextEntry(String relative, Path path, FileStat stat) {}
