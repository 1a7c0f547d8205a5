package dev.edge.agent.artifacts;

import dev.edge.runtime.hash.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import javax.net.ssl.SSLContext;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.OptionalLong;

/**
 * Downloads an {@link Artifact} into a temp file, hashing as it writes: never more than its size allows, and the
 * file is only handed back once size and sha256 match, so nothing downstream (a board, a build) ever sees bytes
 * that were not the ones asked for.
 */
public final class ArtifactDownloader {
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
  /** Until the response headers arrive; the body is bounded by the job's own timeout. */
  static final Duration HEADERS_TIMEOUT = Duration.ofMinutes(2);
  /** How often the listener hears of the bytes so far. */
  static final long REPORT_EVERY = 64 * 1024;
  private static final int BUFFER = 64 * 1024;

  private final SSLContext tls;
  private HttpClient client;

  /** Trusts the JDK's (the system's) certificate authorities. */
  public ArtifactDownloader() {
    this(null);
  }

  /** Trusts what {@code tls} trusts: a fleet's own artifact server with its own CA, or a test's. */
  public ArtifactDownloader(SSLContext tls) {
    this.tls = tls;
  }

  /** A downloaded and verified artifact; the caller deletes the file when done. */
  public record Downloaded(Path file, long size, String sha256) {}

  /** Hears how far a download is: bytes so far, and the expected total (the declared size or the limit). */
  @FunctionalInterface
  public interface Listener {
    void bytes(long done, long total);
  }

  /** Made on first use: a daemon that never downloads an artifact does not pay for the client's threads. */
  private synchronized HttpClient client() {
    if (client == null) {
      // NORMAL never follows https to http; a redirect to plain http on loopback is checked below
      HttpClient.Builder b = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
          .connectTimeout(CONNECT_TIMEOUT);
      if (tls != null) {
        b.sslContext(tls);
      }
      client = b.build();
    }
    return client;
  }

  /**
   * Fetches {@code artifact} into a new file in {@code dir}.
   *
   * @throws ArtifactException when the server, the size or the hash is not what the artifact declares
   * @throws InterruptedException when the job is canceled or times out meanwhile
   */
  public Downloaded download(Artifact artifact, Path dir, Listener listener) throws IOException,
      InterruptedException {
    Files.createDirectories(dir);
    Path file = Files.createTempFile(dir, "artifact-", ".part",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    boolean kept = false;
    try {
      Downloaded d = fetch(artifact, file, listener);
      kept = true;
      return d;
    } finally {
      if (!kept) {
        Files.deleteIfExists(file);
      }
    }
  }

  private Downloaded fetch(Artifact artifact, Path file, Listener listener) throws IOException,
      InterruptedException {
    URI url = artifact.url();
    HttpResponse<InputStream> response;
    try {
      response = client().send(HttpRequest.newBuilder(url).timeout(HEADERS_TIMEOUT).GET().build(),
          HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new ArtifactException("GET " + url + ": " + describe(e), e);
    }
    try (InputStream in = response.body()) {
      checkResponse(artifact, response);
      MessageDigest sha = Sha256.newDigest();
      long total = expectedTotal(artifact, response);
      long done = 0;
      long reported = 0;
      listener.bytes(0, total);
      try (OutputStream out = Files.newOutputStream(file)) {
        byte[] buffer = new byte[BUFFER];
        for (int n; (n = read(in, buffer)) >= 0; ) {
          done += n;
          if (done > artifact.maxSize()) {
            throw new ArtifactException("artifact is larger than " + (artifact.sizeExact() ? "its declared size "
                : "the limit of ") + artifact.maxSize() + " bytes; stopped reading " + url);
          }
          sha.update(buffer, 0, n);
          out.write(buffer, 0, n);
          if (done - reported >= REPORT_EVERY) {
            reported = done;
            listener.bytes(done, total);
          }
        }
      }
      listener.bytes(done, total);
      if (artifact.sizeExact() && done != artifact.maxSize()) {
        throw new ArtifactException("artifact size mismatch: declared " + artifact.maxSize() + " bytes, got "
            + done + " from " + url);
      }
      String got = HexFormat.of().formatHex(sha.digest());
      if (!got.equals(artifact.sha256())) {
        throw new ArtifactException("artifact sha256 mismatch: expected " + artifact.sha256() + " got " + got);
      }
      return new Downloaded(file, done, got);
    }
  }

  private static void checkResponse(Artifact artifact, HttpResponse<?> response) throws ArtifactException {
    URI asked = artifact.url();
    URI landed = response.uri();
    if ("http".equalsIgnoreCase(landed.getScheme()) && !Artifact.isLoopback(landed)) {
      throw new ArtifactException("GET " + asked + " was redirected to " + landed + ", plain http off this"
          + " machine; only https is accepted");
    }
    if (response.statusCode() != 200) {
      throw new ArtifactException("GET " + landed + ": the server answered HTTP " + response.statusCode());
    }
    OptionalLong length = response.headers().firstValueAsLong("Content-Length");
    if (length.isPresent() && length.getAsLong() > artifact.maxSize()) {
      throw new ArtifactException("artifact is larger than " + (artifact.sizeExact() ? "its declared size "
          : "the limit of ") + artifact.maxSize() + " bytes: " + landed + " has " + length.getAsLong());
    }
    if (length.isPresent() && artifact.sizeExact() && length.getAsLong() != artifact.maxSize()) {
      throw new ArtifactException("artifact size mismatch: declared " + artifact.maxSize() + " bytes, "
          + landed + " has " + length.getAsLong());
    }
  }

  private static long expectedTotal(Artifact artifact, HttpResponse<?> response) {
    return artifact.sizeExact() ? artifact.maxSize()
        : response.headers().firstValueAsLong("Content-Length").orElse(-1);
  }

  /** A read that a job's cancellation ends: the JDK's body stream wraps the interrupt in an IOException. */
  private static int read(InputStream in, byte[] buffer) throws IOException, InterruptedException {
    try {
      int n = in.read(buffer);
      if (Thread.interrupted()) {
        throw new InterruptedException("download interrupted");
      }
      return n;
    } catch (InterruptedIOException e) {
      throw new InterruptedException("download interrupted");
    } catch (IOException e) {
      if (Thread.interrupted() || e.getCause() instanceof InterruptedException) {
        throw new InterruptedException("download interrupted");
      }
      throw e;
    }
  }

  private static String describe(IOException e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }
}
