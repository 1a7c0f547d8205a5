package dev.edge.agent.artifacts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactDownloaderTest {
  @TempDir Path dir;
  private ArtifactServer server;
  private final ArtifactDownloader downloader = new ArtifactDownloader();
  private final byte[] body = new byte[300_000];

  @BeforeEach
  void start() throws Exception {
    new Random(7).nextBytes(body);
    server = new ArtifactServer().file("/fw.bin", body).chunkedFile("/stream.bin", body)
        .redirect("/moved", "/fw.bin");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  static String sha256(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }

  private Artifact artifact(String path, String sha, long size, boolean exact) {
    return new Artifact(URI.create(server.url(path)), sha, size, exact);
  }

  private long leftovers() throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.count();
    }
  }

  @Test
  void aMatchingArtifactIsKeptWithItsHash() throws Exception {
    long[] last = new long[2];
    ArtifactDownloader.Downloaded d = downloader.download(artifact("/fw.bin", sha256(body), body.length, true), dir,
        (done, total) -> {
          last[0] = done;
          last[1] = total;
        });
    assertArrayEquals(body, Files.readAllBytes(d.file()));
    assertEquals(sha256(body), d.sha256());
    assertEquals(body.length, last[0]);
    assertEquals(body.length, last[1]);
  }

  @Test
  void redirectsOnLoopbackAreFollowed() throws Exception {
    ArtifactDownloader.Downloaded d = downloader.download(artifact("/moved", sha256(body), body.length, true), dir,
        (done, total) -> { });
    assertEquals(body.length, Files.size(d.file()));
  }

  @Test
  void aWrongHashIsRefusedNamingBothAndNothingIsKept() throws Exception {
    String wrong = "00".repeat(32);
    ArtifactException e = assertThrows(ArtifactException.class, () -> downloader.download(
        artifact("/fw.bin", wrong, body.length, true), dir, (done, total) -> { }));
    assertEquals("artifact sha256 mismatch: expected " + wrong + " got " + sha256(body), e.getMessage());
    assertEquals(0, leftovers());
  }

  @Test
  void aLargerArtifactThanDeclaredIsRefusedBeforeOrWhileReading() throws Exception {
    ArtifactException declared = assertThrows(ArtifactException.class, () -> downloader.download(
        artifact("/fw.bin", sha256(body), 1000, true), dir, (done, total) -> { }));
    assertTrue(declared.getMessage().startsWith("artifact is larger than its declared size 1000 bytes"),
        declared.getMessage());
    ArtifactException streamed = assertThrows(ArtifactException.class, () -> downloader.download(
        artifact("/stream.bin", sha256(body), 1000, true), dir, (done, total) -> { }));
    assertTrue(streamed.getMessage().startsWith("artifact is larger than its declared size 1000 bytes; stopped"),
        streamed.getMessage());
    assertEquals(0, leftovers());
  }

  @Test
  void aShorterArtifactThanDeclaredIsRefused() throws Exception {
    ArtifactException e = assertThrows(ArtifactException.class, () -> downloader.download(
        artifact("/stream.bin", sha256(body), body.length + 10, true), dir, (done, total) -> { }));
    assertTrue(e.getMessage().startsWith("artifact size mismatch: declared " + (body.length + 10)),
        e.getMessage());
  }

  @Test
  void aMissingArtifactNamesTheStatus() {
    ArtifactException e = assertThrows(ArtifactException.class, () -> downloader.download(
        artifact("/nope", "00".repeat(32), 10, true), dir, (done, total) -> { }));
    assertTrue(e.getMessage().endsWith("/nope: the server answered HTTP 404"), e.getMessage());
  }
}
