package dev.edge.runtime.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edge.runtime.image.Digest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalContentStoreTest extends ContentStoreContract {
  @TempDir Path root;
  private LocalContentStore store;

  @Override
  protected ContentStore store() throws IOException {
    if (store == null) {
      store = new LocalContentStore(root.resolve("content"));
    }
    return store;
  }

  @Override
  protected ContentStore reopen() throws IOException {
    return new LocalContentStore(root.resolve("content"));
  }

  @Test
  void blobsAreReadOnlyFilesNamedByDigestInAPrivateDirectory() throws Exception {
    byte[] blob = randomBytes(100, 20);
    Digest digest = Digest.sha256(blob);
    try (Ingest ingest = store().openIngest("x", digest, blob.length)) {
      ingest.outputStream().write(blob);
      ingest.commit();
    }
    Path file = root.resolve("content/blobs/sha256/" + digest.hex());
    assertEquals(file, store().path(digest).orElseThrow());
    assertEquals("r--r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals("rwx------", PosixFilePermissions.toString(
        Files.getPosixFilePermissions(root.resolve("content"))));
  }

  @Test
  void recoverRemovesStaleCorruptAndStrayStateAndKeepsFreshIngests() throws Exception {
    byte[] blob = randomBytes(1000, 21);
    Digest digest = Digest.sha256(blob);
    Ingest fresh = store().openIngest("fresh", digest, blob.length);
    fresh.outputStream().write(blob, 0, 10);
    fresh.close();
    Ingest stale = store().openIngest("stale", digest, blob.length);
    stale.outputStream().write(blob, 0, 10);
    stale.close();
    Files.setLastModifiedTime(root.resolve("content/ingest/stale/data"),
        FileTime.from(Instant.now().minus(Duration.ofDays(3))));
    Path corrupt = Files.createDirectories(root.resolve("content/ingest/corrupt"));
    Files.writeString(corrupt.resolve("ingest.json"), "{not json");
    Files.writeString(root.resolve("content/ingest/stray-file"), "x");
    Path strayBlob = root.resolve("content/blobs/sha256/.tmp123");
    Files.writeString(strayBlob, "half");
    Files.writeString(root.resolve("content/ingest/fresh/.ingest.json123.tmp"), "x");

    List<IngestStatus> kept = reopen().recover(Duration.ofHours(24));

    assertEquals(List.of("fresh"), kept.stream().map(IngestStatus::ref).toList());
    assertEquals(10, kept.get(0).offset());
    assertEquals(digest, kept.get(0).expected());
    assertFalse(Files.exists(root.resolve("content/ingest/stale")));
    assertFalse(Files.exists(corrupt));
    assertFalse(Files.exists(root.resolve("content/ingest/stray-file")));
    assertFalse(Files.exists(strayBlob));
    assertFalse(Files.exists(root.resolve("content/ingest/fresh/.ingest.json123.tmp")));
    assertTrue(Files.exists(root.resolve("content/ingest/fresh/data")));
  }

  @Test
  void recoverDropsIngestsWhoseBlobIsAlreadyCommitted() throws Exception {
    byte[] blob = randomBytes(100, 22);
    Digest digest = Digest.sha256(blob);
    try (Ingest ingest = store().openIngest("one", digest, blob.length)) {
      ingest.outputStream().write(blob);
      ingest.commit();
    }
    Ingest leftover = store().openIngest("two", digest, blob.length);
    leftover.outputStream().write(blob, 0, 50);
    leftover.close();
    assertTrue(reopen().recover(Duration.ofHours(1)).isEmpty());
    assertTrue(store().listIngests().isEmpty());
  }
}
