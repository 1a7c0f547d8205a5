package dev.edge.runtime.registry;

import static dev.edge.runtime.registry.FakeRegistry.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edge.runtime.image.Digest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BlobFetchTest {
  static final byte[] BLOB = new byte[300_000];
  static final Digest DIGEST;
  static final String PATH;

  static {
    new Random(7).nextBytes(BLOB);
    DIGEST = Digest.sha256(BLOB);
    PATH = "/v2/tc/blobs/" + DIGEST;
  }

  FakeRegistry fake;
  RegistryClient client;

  @BeforeEach
  void start() throws Exception {
    fake = FakeRegistry.start();
    client = RegistryClient.create(TestTransports.plain(fake.host()), fake.host(), null);
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  /** Serves Range requests as a registry should: 206 with a matching Content-Range. */
  static FakeRegistry.Answer ranged(byte[] blob) {
    return ex -> {
      String range = ex.getRequestHeaders().getFirst("Range");
      if (range == null) {
        ex.sendResponseHeaders(200, blob.length);
        ex.getResponseBody().write(blob);
        return;
      }
      int from = Integer.parseInt(range.replaceAll("bytes=(\\d+)-", "$1"));
      if (from >= blob.length) {
        ex.sendResponseHeaders(416, -1);
        return;
      }
      ex.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (blob.length - 1) + "/" + blob.length);
      ex.sendResponseHeaders(206, blob.length - from);
      ex.getResponseBody().write(blob, from, blob.length - from);
    };
  }

  @Test
  void fetchesWholeBlobFromZero() throws Exception {
    fake.on("GET", PATH, ranged(BLOB));
    try (BlobResponse r = client.fetchBlob("tc", DIGEST, 0)) {
      assertEquals(0, r.offset());
      assertEquals(BLOB.length, r.totalSize());
      assertArrayEquals(BLOB, r.body().readAllBytes());
    }
    assertNull(fake.seen("GET", PATH).get(0).header("Range"));
  }

  @Test
  void connectionDroppedMidBlobResumesWithRange() throws Exception {
    fake.on("GET", PATH, FakeRegistry.truncated(BLOB, 100_000), ranged(BLOB));
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    try (BlobResponse first = client.fetchBlob("tc", DIGEST, 0)) {
      assertThrows(IOException.class, () -> first.body().transferTo(got));
    }
    int partial = got.size();
    assertTrue(partial > 0 && partial <= 100_000, "got " + partial);
    try (BlobResponse rest = client.fetchBlob("tc", DIGEST, partial)) {
      assertEquals(partial, rest.offset());
      assertEquals(BLOB.length, rest.totalSize());
      rest.body().transferTo(got);
    }
    assertArrayEquals(BLOB, got.toByteArray());
    assertEquals("bytes=" + partial + "-", fake.seen("GET", PATH).get(1).header("Range"));
  }

  @Test
  void registryIgnoringRangeRestartsAtZero() throws Exception {
    fake.on("GET", PATH, bytes(200, BLOB));
    try (BlobResponse r = client.fetchBlob("tc", DIGEST, 1000)) {
      assertEquals(0, r.offset());
      assertArrayEquals(BLOB, r.body().readAllBytes());
    }
    assertEquals("bytes=1000-", fake.seen("GET", PATH).get(0).header("Range"));
  }

  @Test
  void mismatchedContentRangeIsRefused() {
    fake.on("GET", PATH, bytes(206, Arrays.copyOfRange(BLOB, 5, BLOB.length),
        "Content-Range", "bytes 5-" + (BLOB.length - 1) + "/" + BLOB.length));
    RegistryContentException e =
        assertThrows(RegistryContentException.class, () -> client.fetchBlob("tc", DIGEST, 1000));
    assertTrue(e.getMessage().contains("asked for bytes 1000- but the registry sent 206 with Content-Range"),
        e.getMessage());
  }

  @Test
  void offsetPastTheEndStartsAgainFromZero() throws Exception {
    fake.on("GET", PATH, ranged(BLOB));
    try (BlobResponse r = client.fetchBlob("tc", DIGEST, BLOB.length + 10)) {
      assertEquals(0, r.offset());
      assertArrayEquals(BLOB, r.body().readAllBytes());
    }
    assertEquals(2, fake.seen("GET", PATH).size());
  }

  @Test
  void stalledBodyIsClosedByTheIdleWatchdog() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    fake.on("GET", PATH, ex -> {
      ex.sendResponseHeaders(200, BLOB.length);
      ex.getResponseBody().write(BLOB, 0, 10);
      ex.getResponseBody().flush();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    try (BlobResponse r = client.fetchBlob("tc", DIGEST, 0)) {
      InputStream body = r.body();
      long start = System.nanoTime();
      IOException e = assertThrows(IOException.class, body::readAllBytes);
      long tookMs = (System.nanoTime() - start) / 1_000_000;
      assertTrue(e.getMessage().contains("blob " + DIGEST + ": no data for"), e.getMessage());
      assertTrue(tookMs < 3000, "took " + tookMs + " ms");
      assertTrue(!Thread.currentThread().isInterrupted(), "the watchdog's interrupt leaked");
    } finally {
      release.countDown();
    }
  }

  @Test
  void missingBlobIsNotFound() {
    RegistryNotFoundException e =
        assertThrows(RegistryNotFoundException.class, () -> client.fetchBlob("tc", DIGEST, 0));
    assertTrue(e.getMessage().startsWith("pull " + fake.host() + "/tc: blob " + DIGEST + ": 404"), e.getMessage());
  }
}
