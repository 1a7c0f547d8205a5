package dev.edge.runtime.build.digest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edge.runtime.build.context.BuildContext;
import dev.edge.runtime.build.context.SourceRoot;
import dev.edge.runtime.image.Digest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceDigesterTest {
  /** Long enough for the kernel's coarse file clock to fall behind the test's "now". */
  private static final Duration TEST_RACY_WINDOW = Duration.ZERO;
  @TempDir Path temp;
  private Path root;
  private Path cacheFile;

  @BeforeEach
  void context() throws Exception {
    root = temp.resolve("ctx");
    Files.createDirectories(root.resolve("src/sub"));
    Files.writeString(root.resolve("src/a.c"), "int a;");
    Files.writeString(root.resolve("src/sub/b.h"), "#define B 1");
    Files.createSymbolicLink(root.resolve("src/link"), Path.of("a.c"));
    cacheFile = temp.resolve("state/file-digests/ctx");
    Thread.sleep(20);
  }

  private FileDigestCache cache() throws IOException {
    return FileDigestCache.open(cacheFile, TEST_RACY_WINDOW);
  }

  private List<SourceRoot> src() throws IOException {
    return BuildContext.open(root).select("src");
  }

  private Digest digest(FileDigestCache cache, String chown, String chmod) throws IOException {
    return new SourceDigester(cache).digest(src(), chown, chmod);
  }

  @Test
  void theSameContextDigestsAlikeAndASecondCacheReadsNoFile() throws Exception {
    FileDigestCache first = cache();
    Digest one = digest(first, null, null);
    assertEquals(2, first.hashedFiles());
    first.save();
    FileDigestCache second = cache();
    assertEquals(one, digest(second, null, null));
    assertEquals(0, second.hashedFiles());
  }

  @Test
  void changedContentChangesTheDigestEvenWithTheSameSizeAndMtime() throws Exception {
    FileDigestCache cache = cache();
    Digest before = digest(cache, null, null);
    Path file = root.resolve("src/a.c");
    FileTime mtime = Files.getLastModifiedTime(file);
    Files.writeString(file, "int b;");
    Files.setLastModifiedTime(file, mtime);
    Thread.sleep(20);
    assertNotEquals(before, digest(cache, null, null));
  }

  @Test
  void aTouchedButUnchangedFileIsReReadAndKeepsTheDigest() throws Exception {
    FileDigestCache cache = cache();
    Digest before = digest(cache, null, null);
    Files.setLastModifiedTime(root.resolve("src/a.c"), FileTime.from(Instant.now()));
    Thread.sleep(20);
    assertEquals(before, digest(cache, null, null));
    assertEquals(3, cache.hashedFiles());
  }

  @Test
  void ownerModeLinkTargetAndNamesAllCount() throws Exception {
    FileDigestCache cache = cache();
    Digest plain = digest(cache, null, null);
    assertNotEquals(plain, digest(cache, "1000:1000", null));
    assertNotEquals(digest(cache, "1000:1000", null), digest(cache, "1000:1001", null));
    assertEquals(digest(cache, "1000", null), digest(cache, "1000:1000", null));
    assertNotEquals(plain, digest(cache, "builder", null));
    assertNotEquals(plain, digest(cache, null, "0700"));
    Files.delete(root.resolve("src/link"));
    Files.createSymbolicLink(root.resolve("src/link"), Path.of("sub/b.h"));
    assertNotEquals(plain, digest(cache, null, null));
    Files.delete(root.resolve("src/link"));
    Files.move(root.resolve("src/sub/b.h"), root.resolve("src/sub/c.h"));
    Digest renamed = digest(cache, null, null);
    Files.move(root.resolve("src/sub/c.h"), root.resolve("src/sub/b.h"));
    assertNotEquals(renamed, digest(cache, null, null));
  }

  @Test
  void aFileTooFreshToTrustIsNotRemembered() throws Exception {
    FileDigestCache strict = FileDigestCache.open(cacheFile, Duration.ofHours(1));
    digest(strict, null, null);
    digest(strict, null, null);
    assertEquals(4, strict.hashedFiles());
  }

  @Test
  void aDamagedCacheFileIsDroppedAndRebuilt() throws Exception {
    FileDigestCache first = cache();
    Digest good = digest(first, null, null);
    first.save();
    byte[] bytes = Files.readAllBytes(cacheFile);
    Files.write(cacheFile, java.util.Arrays.copyOf(bytes, bytes.length - 7));
    FileDigestCache damaged = cache();
    assertEquals(good, digest(damaged, null, null));
    assertEquals(2, damaged.hashedFiles());
    damaged.save();
    assertEquals(bytes.length, Files.size(cacheFile));
  }

  @Test
  void eachContextHasItsOwnCacheFile() {
    Path state = temp.resolve("state");
    assertNotEquals(FileDigestCache.fileFor(state, Path.of("/a")),
        FileDigestCache.fileFor(state, Path.of("/b")));
    assertTrue(FileDigestCache.fileFor(state, Path.of("/a")).startsWith(state));
  }
}
