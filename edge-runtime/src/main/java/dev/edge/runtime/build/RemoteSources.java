package dev.edge.runtime.build;

import dev.edge.runtime.image.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * {@code ADD <url>}: the file is downloaded for every build, as Docker's classic builder does,
 * and its content decides the step's cache key. Docker's rules: mode 0600, mtime from
 * {@code Last-Modified} when the server sends one, no extraction of archives, and
 * {@code --checksum} checked before the file is used.
 */
final class RemoteSources {
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
  static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(30);

  private final HttpClient client = HttpClient.newBuilder()
      .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(CONNECT_TIMEOUT).build();

  /**
   * Downloads {@code url} into {@code dir} under the name Docker gives it (the last path
   * segment, else "index.html"); returns the file.
   *
   * @param checksum {@code sha256:<hex>} to verify, or null
   */
  Path fetch(String url, Path dir, String checksum) throws BuildException, IOException,
      InterruptedException {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new BuildException("ADD " + url + ": not a URL (" + e.getMessage() + ")");
    }
    Files.createDirectories(dir);
    Path file = dir.resolve(fileName(uri));
    HttpResponse<InputStream> response;
    try {
      response = client.send(HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).GET().build(),
          HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new BuildException("ADD " + url + ": cannot download it (" + e.getMessage()
          + "); the build's network does not reach it, or the host is down");
    }
    MessageDigest sha = Digest.newSha256();
    try (InputStream in = response.body(); OutputStream out = Files.newOutputStream(file)) {
      if (response.statusCode() != 200) {
        throw new BuildException("ADD " + url + ": the server answered "
            + response.statusCode());
      }
      byte[] buffer = new byte[64 * 1024];
      for (int n; (n = in.read(buffer)) >= 0; ) {
        sha.update(buffer, 0, n);
        out.write(buffer, 0, n);
      }
    }
    if (checksum != null) {
      Digest want;
      try {
        want = Digest.parse(checksum);
      } catch (IllegalArgumentException e) {
        throw new BuildException("ADD --checksum=" + checksum + ": " + e.getMessage());
      }
      Digest got = Digest.ofSha256(sha);
      if (!got.equals(want)) {
        throw new BuildException("ADD " + url + ": checksum mismatch: expected " + want
            + ", downloaded " + got);
      }
    }
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    response.headers().firstValue("Last-Modified").ifPresent(value -> {
      try {
        Files.setLastModifiedTime(file, FileTime.from(ZonedDateTime.parse(value,
            DateTimeFormatter.RFC_1123_DATE_TIME).toInstant()));
      } catch (DateTimeParseException | IOException e) {
        // Docker too keeps the download's own time then
      }
    });
    return file;
  }

  static String fileName(URI uri) {
    String path = uri.getPath() == null ? "" : uri.getPath();
    String last = path.substring(path.lastIndexOf('/') + 1);
    return last.isEmpty() || last.equals(".") || last.equals("..") ? "index.html" : last;
  }
}
