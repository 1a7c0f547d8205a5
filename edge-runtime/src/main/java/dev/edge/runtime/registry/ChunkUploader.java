package dev.edge.runtime.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** PATCH UPLOAD-URL: one chunk of a chunked upload; yields the next Location. */
final class ChunkUploader implements RegistryEndpoint<URI> {
  private static final Pattern RANGE = Pattern.compile("(?:bytes=)?0-(\\d+)");

  private final URI location;
  private final InputStream source;
  private final long offset;
  private final long length;
  private final RegistryAction action;

  /** Sends the next {@code length} bytes of {@code source}, which is positioned at {@code offset}. */
  ChunkUploader(URI location, InputStream source, long offset, long length, RegistryAction action) {
    this.location = location;
    this.source = source;
    this.offset = offset;
    this.length = length;
    this.action = action;
  }

  @Override
  public String method() {
    return "PATCH";
  }

  @Override
  public URI uri(URI base) {
    return location;
  }

  @Override
  public HttpRequest.BodyPublisher body() {
    return HttpRequest.BodyPublishers.fromPublisher(
        HttpRequest.BodyPublishers.ofInputStream(() -> new BoundedInputStream(source, length)), length);
  }

  @Override
  public Map<String, String> headers() {
    return Map.of("Content-Type", "application/octet-stream",
        "Content-Range", offset + "-" + (offset + length - 1));
  }

  @Override
  public boolean accepts(int status) {
    return status == 202;
  }

  @Override
  public URI handle(HttpResponse<InputStream> response) throws IOException {
    ResponseErrors.readErrorBody(response.body());
    String range = response.headers().firstValue("Range").orElse(null);
    if (range != null) {
      Matcher m = RANGE.matcher(range.strip());
      long expectedEnd = offset + length - 1;
      if (!m.matches() || Long.parseLong(m.group(1)) != expectedEnd) {
        throw new RegistryException(action, "after sending bytes " + offset + "-" + expectedEnd
            + " the registry reports Range \"" + range + "\"", 202);
      }
    }
    return UploadLocation.of(response, action);
  }

  @Override
  public boolean retryable() {
    return false; // the stream has moved on; BlobPusher restarts the whole upload instead
  }
}
