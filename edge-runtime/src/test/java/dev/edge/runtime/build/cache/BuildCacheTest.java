package dev.edge.runtime.build.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edge.runtime.image.Digest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildCacheTest {
  @TempDir Path temp;

  private static CacheKey key(String s) {
    return new CacheKey(Digest.sha256(s.getBytes()));
  }

  private static CachedStep step(String id, boolean layer) {
    return new CachedStep(Digest.sha256(id.getBytes()).toString(),
        layer ? new CachedStep.Layer(Digest.sha256("diff".getBytes()).toString(),
            Digest.sha256("blob".getBytes()).toString(), 1234) : null,
        "RUN make", "2026-01-01T00:00:00Z");
  }

  @Test
  void aRecordedStepIsFoundByAnotherInstanceAndAMissIsEmpty() throws Exception {
    Path dir = temp.resolve("cache");
    new BuildCache(dir).record(key("a"), step("img-a", true));
    new BuildCache(dir).record(key("b"), step("img-b", false));
    BuildCache cache = new BuildCache(dir);
    assertEquals(Optional.of(step("img-a", true)), cache.lookup(key("a")));
    assertEquals(Optional.of(step("img-b", false)), cache.lookup(key("b")));
    assertEquals(Optional.empty(), cache.lookup(key("c")));
    try (var files = Files.walk(dir)) {
      assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")),
          "no temp file is left behind");
    }
  }

  @Test
  void aDamagedEntryIsAMissAndIsRemoved() throws Exception {
    Path dir = temp.resolve("cache");
    BuildCache cache = new BuildCache(dir);
    cache.record(key("a"), step("img", true));
    Path file;
    try (var files = Files.walk(dir)) {
      file = files.filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow();
    }
    Files.writeString(file, "{\"imageId\":");
    assertEquals(Optional.empty(), cache.lookup(key("a")));
    assertFalse(Files.exists(file));
    Files.writeString(file, "{}");
    assertEquals(Optional.empty(), cache.lookup(key("a")), "an entry without image id");
  }

  @Test
  void pruneDropsWhatTheCallerRejects() throws Exception {
    BuildCache cache = new BuildCache(temp.resolve("cache"));
    cache.record(key("a"), step("keep", false));
    cache.record(key("b"), step("drop", false));
    String keep = Digest.sha256("keep".getBytes()).toString();
    assertEquals(1, cache.prune(s -> s.imageId().equals(keep)));
    assertTrue(cache.lookup(key("a")).isPresent());
    assertTrue(cache.lookup(key("b")).isEmpty());
    assertEquals(0, new BuildCache(temp.resolve("none")).prune(s -> false));
  }
}
