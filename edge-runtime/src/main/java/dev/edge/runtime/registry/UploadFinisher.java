package dev.edge.runtime.registry;

import dev.edge.runtime.image.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.function.LongConsumer;

/** PUT UPLOAD-URL?digest=D: closes an upload, carrying the whole blob (monolithic) or nothing. */
final class UploadFinisher implements RegistryEndpoint<Void> {
  private final URI location;
  private final Digest digest;
  private final long size;
  private final BlobSource source;
  private final LongConsumer progress;
  private final RegistryAction action;

  /** {@code source} null: the bytes went in PATCH chunks already. */
  UploadFinisher(URI location, Digest digest, long size, BlobSource source, LongConsumer progress,
      RegistryAction action) {
    this.location = location;
    this.digest = digest;
    this.size = size;
    this.source = source;
    this.progress = progress;
    this.action = action;
  }

  @Override
  public String method() {
    return "PUT";
  }

  @Override
  public URI uri(URI base) {
    return UploadLocation.withParam(location, "digest", digest.toString());
  }

  @Override
  public HttpRequest.BodyPublisher body() {
    if (source == null) {
      return HttpRequest.BodyPublishers.noBody();
    }
    // Opened lazily, when the client subscribes: a request that never gets that far leaks nothing.
    return HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> {
      try {
        return new ProgressInputStream(source.open(), 0, progress);
      } catch (IOException e) {
        throw new UncheckedIOException(action + ": cannot read the blob: " + e.getMessage(), e);
      }
    }), size);
  }

  @Override
  public Map<String, String> headers() {
    return Map.of("Content-Type", "application/octet-stream");
  }

  @Override
  public boolean accepts(int status) {
    return status == 201 || status == 204;
  }

  @Override
  public Void handle(HttpResponse<InputStream> response) throws RegistryException {
    ResponseErrors.readErrorBody(response.body());
    String announced = response.headers().firstValue("Docker-Content-Digest").orElse(null);
    if (announced != null && !announced.strip().equals(digest.toString())) {
      throw new RegistryContentException(action, "registry stored the upload as " + announced.strip()
          + ", not " + digest, response.statusCode());
    }
    return null;
  }

  @Override
  public boolean retryable() {
    return false; // a failed PUT may have ended the session; BlobPusher starts a new one
  }
}
