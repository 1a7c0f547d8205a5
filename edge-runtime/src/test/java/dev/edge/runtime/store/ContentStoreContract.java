package dev.edge.runtime.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edge.runtime.image.Digest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** What every {@link ContentStore} must do; subclasses supply the implementation. */
abstract class ContentStoreContract {
  protected abstract ContentStore store() throws IOException;

  /** Simulates a daemon restart: a new store over the same state. */
  protected abstract ContentStore reopen() throws IOException;

  static byte[] randomBytes(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  @Test
  void commitVerifiesAndPublishesTheBlob() throws Exception {
    ContentStore store = store();
    byte[] blob = randomBytes(300_000, 1);
    Digest digest = Digest.sha256(blob);
    try (Ingest ingest = store.openIngest("layer-" + digest, digest, blob.length)) {
      assertEquals(0, ingest.offset());
      try (OutputStream out = ingest.outputStream()) {
        out.write(blob);
      }
      assertFalse(store.exists(digest), "visible before commit");
      ingest.commit();
    }
    assertTrue(store.exists(digest));
    assertEquals(blob.length, store.size(digest));
    try (InputStream in = store.open(digest)) {
      assertArrayEquals(blob, in.readAllBytes());
    }
    assertEquals(List.of(digest), store.list());
    assertTrue(store.listIngests().isEmpty());
  }

  @Test
  void aDigestMismatchNamesBothDigestsAndLeavesNothingVisible() throws Exception {
    ContentStore store = store();
    byte[] blob = randomBytes(10_000, 2);
    Digest claimed = Digest.sha256("something else".getBytes());
    Ingest ingest = store.openIngest("layer-" + claimed, claimed, blob.length);
    ingest.outputStream().write(blob);
    DigestMismatchException e = assertThrows(DigestMismatchException.class, ingest::commit);
    assertTrue(e.getMessage().contains(claimed.toString()), e.getMessage());
    assertTrue(e.getMessage().contains(Digest.sha256(blob).toString()), e.getMessage());
    assertFalse(store.exists(claimed));
    assertFalse(store.exists(Digest.sha256(blob)));
    assertTrue(store.list().isEmpty());
    assertTrue(store.listIngests().isEmpty(), "the bad ingest is deleted");
  }

  @Test
  void aTruncatedBlobIsASizeMismatch() throws Exception {
    ContentStore store = store();
    byte[] blob = randomBytes(10_000, 3);
    Digest digest = Digest.sha256(blob);
    Ingest ingest = store.openIngest("layer-" + digest, digest, blob.length);
    ingest.outputStream().write(blob, 0, 9_000);
    SizeMismatchException e = assertThrows(SizeMismatchException.class, ingest::commit);
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    assertFalse(store.exists(digest));
    assertTrue(store.listIngests().isEmpty());
  }

  @Test
  void aSourceSendingMoreThanTheSizeIsStoppedAtOnce() throws Exception {
    ContentStore store = store();
    byte[] blob = randomBytes(1000, 4);
    Digest digest = Digest.sha256(blob);
    Ingest ingest = store.openIngest("layer-" + digest, digest, 999);
    assertThrows(SizeMismatchException.class, () -> ingest.outputStream().write(blob));
    assertTrue(store.listIngests().isEmpty());
  }

  @Test
  void oneWriterPerRef() throws Exception {
    ContentStore store = store();
    Digest digest = Digest.sha256(new byte[1]);
    try (Ingest first = store.openIngest("config-x", digest, 1)) {
      assertThrows(IngestLockedException.class, () -> store.openIngest("config-x", digest, 1));
      assertThrows(IngestLockedException.class, () -> store.abort("config-x"));
    }
    store.openIngest("config-x", digest, 1).close();
  }

  @Test
  void resumeAfterACrashAppendsWithoutRewritingTheStoredPart() throws Exception {
    ContentStore store = store();
    byte[] blob = randomBytes(1_000_000, 5);
    Digest digest = Digest.sha256(blob);
    String ref = ContentStore.refFor("layer", digest);
    Ingest crashed = store.openIngest(ref, digest, blob.length);
    crashed.outputStream().write(blob, 0, 600_000);
    crashed.close(); // the process dies here; the partial data stays

    ContentStore restarted = reopen();
    assertEquals(List.of(600_000L), restarted.recover(ContentStore.DEFAULT_RESUME_WINDOW)
        .stream().map(IngestStatus::offset).toList());
    try (Ingest resumed = restarted.openIngest(ref, digest, blob.length)) {
      assertEquals(600_000, resumed.offset());
      CountingStream rest = new CountingStream(
          new ByteArrayInputStream(blob, 600_000, blob.length - 600_000));
      rest.transferTo(resumed.outputStream());
      assertEquals(400_000, rest.count, "only the missing part is fetched");
      resumed.commit();
    }
    try (InputStream in = restarted.open(digest)) {
      assertArrayEquals(blob, in.readAllBytes());
    }
  }

  @Test
  void teeReplaysTheStoredPartThenStoresTheRest() throws Exception {
    ContentStore store = store();
    byte[] blob = randomBytes(500_000, 6);
    Digest digest = Digest.sha256(blob);
    Ingest first = store.openIngest("layer-t", digest, blob.length);
    first.outputStream().write(blob, 0, 123_457);
    first.close();
    try (Ingest resumed = reopen().openIngest("layer-t", digest, blob.length)) {
      InputStream remainder = new ByteArrayInputStream(blob, 123_457, blob.length - 123_457);
      byte[] seen = resumed.tee(remainder).readAllBytes();
      assertArrayEquals(blob, seen, "the unpacker sees the whole blob, stored part first");
      resumed.commit();
    }
    assertTrue(reopen().exists(digest));
  }

  @Test
  void aCorruptedPartialIsCaughtAtCommitNotTrusted() throws Exception {
    ContentStore store = store();
    byte[] blob = randomBytes(100_000, 7);
    Digest digest = Digest.sha256(blob);
    byte[] corrupted = Arrays.copyOf(blob, 50_000);
    corrupted[10] ^= 1;
    Ingest first = store.openIngest("layer-c", digest, blob.length);
    first.outputStream().write(corrupted);
    first.close();
    Ingest resumed = reopen().openIngest("layer-c", digest, blob.length);
    resumed.outputStream().write(blob, 50_000, 50_000);
    assertThrows(DigestMismatchException.class, resumed::commit);
    assertFalse(reopen().exists(digest));
  }

  @Test
  void aPartialForADifferentBlobUnderTheSameRefIsDiscarded() throws Exception {
    ContentStore store = store();
    byte[] blob = randomBytes(1000, 8);
    Digest digest = Digest.sha256(blob);
    Ingest other = store.openIngest("layer-r", Digest.sha256(new byte[3]), 3);
    other.outputStream().write(new byte[2]);
    other.close();
    try (Ingest ingest = store.openIngest("layer-r", digest, blob.length)) {
      assertEquals(0, ingest.offset());
      ingest.outputStream().write(blob);
      ingest.commit();
    }
    assertTrue(store.exists(digest));
  }

  @Test
  void committingABlobThatAlreadyExistsIsHarmless() throws Exception {
    ContentStore store = store();
    byte[] blob = randomBytes(1000, 9);
    Digest digest = Digest.sha256(blob);
    for (String ref : List.of("a", "b")) {
      try (Ingest ingest = store.openIngest(ref, digest, blob.length)) {
        ingest.outputStream().write(blob);
        ingest.commit();
      }
    }
    assertEquals(List.of(digest), store.list());
    assertTrue(store.listIngests().isEmpty());
  }

  @Test
  void anEmptyBlobCommits() throws Exception {
    ContentStore store = store();
    Digest empty = Digest.sha256(new byte[0]);
    try (Ingest ingest = store.openIngest("empty", empty, 0)) {
      ingest.commit();
    }
    assertEquals(0, store.size(empty));
  }

  @Test
  void deleteAndAbort() throws Exception {
    ContentStore store = store();
    byte[] blob = randomBytes(10, 10);
    Digest digest = Digest.sha256(blob);
    try (Ingest ingest = store.openIngest("d", digest, blob.length)) {
      ingest.outputStream().write(blob);
      ingest.commit();
    }
    assertTrue(store.delete(digest));
    assertFalse(store.delete(digest));
    assertThrows(BlobNotFoundException.class, () -> store.open(digest));
    Ingest partial = store.openIngest("p", digest, blob.length);
    partial.outputStream().write(blob, 0, 5);
    partial.close();
    assertEquals(1, store.listIngests().size());
    store.abort("p");
    assertTrue(store.listIngests().isEmpty());
  }

  @Test
  void refsThatCouldEscapeAreRejected() throws Exception {
    ContentStore store = store();
    Digest digest = Digest.sha256(new byte[1]);
    for (String ref : List.of("../x", "a/b", "", ".hidden")) {
      assertThrows(IllegalArgumentException.class, () -> store.openIngest(ref, digest, 1), ref);
    }
  }

  /** Counts what the "network" delivered. */
  static final class CountingStream extends java.io.FilterInputStream {
    long count;

    CountingStream(InputStream in) {
      super(in);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }
  }
}
