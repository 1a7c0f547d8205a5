package dev.edge.runtime.build.cache;

import dev.edge.runtime.fs.AtomicFiles;
import dev.edge.runtime.json.Json;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The step cache: one small JSON file per {@link CacheKey} under {@code dir}, written as temp,
 * fsync, rename, so a power cut leaves an entry whole or absent. A lookup is one file read and
 * needs no container; an unreadable entry is a miss and is removed. The caller checks that the
 * blobs an entry names are still in the content store before reusing it.
 */
public final class BuildCache {
  private static final Logger LOG = LoggerFactory.getLogger(BuildCache.class);
  private static final String SUFFIX = ".json";
  /** Fan-out by the first hex digits keeps directories small on SD-card file systems. */
  private static final int FAN_OUT_DIGITS = 2;
  private final Path dir;

  public BuildCache(Path dir) {
    this.dir = dir;
  }

  public Optional<CachedStep> lookup(CacheKey key) throws IOException {
    Path file = file(key);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    try {
      return Optional.of(Json.mapper().readValue(bytes, CachedStep.class));
    } catch (IOException | IllegalArgumentException e) {
      LOG.warn("build cache entry {} is unreadable ({}); removing it", file, e.toString());
      Files.deleteIfExists(file);
      return Optional.empty();
    }
  }

  public void record(CacheKey key, CachedStep step) throws IOException {
    AtomicFiles.write(file(key), Json.mapper().writeValueAsBytes(step));
  }

  public void remove(CacheKey key) throws IOException {
    Files.deleteIfExists(file(key));
  }

  /** Removes the entries {@code keep} rejects (e.g. whose image is gone); returns how many. */
  public int prune(Predicate<CachedStep> keep) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    int removed = 0;
    try (DirectoryStream<Path> fans = Files.newDirectoryStream(dir, Files::isDirectory)) {
      for (Path fan : fans) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(fan, "*" + SUFFIX)) {
          for (Path entry : entries) {
            Optional<CachedStep> step = read(entry);
            if (step.isEmpty() || !keep.test(step.get())) {
              Files.deleteIfExists(entry);
              removed++;
            }
          }
        }
      }
    }
    return removed;
  }

  private Optional<CachedStep> read(Path entry) {
    try {
      return Optional.of(Json.mapper().readValue(entry.toFile(), CachedStep.class));
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private Path file(CacheKey key) {
    String hex = key.value().hex();
    return dir.resolve(hex.substring(0, FAN_OUT_DIGITS)).resolve(hex + SUFFIX);
  }
}
