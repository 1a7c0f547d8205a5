package dev.edge.runtime.registry;

import dev.edge.runtime.image.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Uploads one blob: POST for a session, then one PUT for small blobs or PATCH chunks and an empty
 * PUT for large ones. A failure inside a session starts the upload over in a new one.
 */
final class BlobPusher {
  private final EndpointCaller caller;
  private final RegistryConfig config;

  BlobPusher(EndpointCaller caller, RegistryConfig config) {
    this.caller = caller;
    this.config = config;
  }

  void push(String repository, Digest digest, long size, BlobSource source, LongConsumer progress,
      RegistryAction action, List<String> scopes) throws IOException {
    RetryPolicy policy = config.retry();
    for (int attempt = 1; ; attempt++) {
      UploadStarter.Session session =
          caller.call(new UploadStarter(repository, action), action, scopes);
      try {
        upload(session, digest, size, source, progress, action, scopes);
        return;
      } catch (RegistryUnavailableException | RegistryRateLimitedException e) {
        cancel(session.location(), action, scopes);
        if (attempt >= policy.maxAttempts()) {
          throw e;
        }
        sleep(policy.backoff(attempt), action);
      } catch (IOException | RuntimeException e) {
        cancel(session.location(), action, scopes);
        throw e;
      }
    }
  }

  private void upload(UploadStarter.Session session, Digest digest, long size, BlobSource source,
      LongConsumer progress, RegistryAction action, List<String> scopes) throws IOException {
    if (size <= config.monolithicLimit()) {
      caller.call(new UploadFinisher(session.location(), digest, size, source, progress, action),
          action, scopes);
      return;
    }
    long chunk = Math.max(config.chunkSize(), session.minChunk());
    URI location = session.location();
    try (InputStream in = new ProgressInputStream(source.open(), 0, progress)) {
      for (long offset = 0; offset < size; offset += chunk) {
        long length = Math.min(chunk, size - offset);
        location = caller.call(new ChunkUploader(location, in, offset, length, action), action, scopes);
      }
      if (in.read() >= 0) {
        throw new RegistryContentException(action, "blob source is longer than " + size + " bytes", 0);
      }
    }
    caller.call(new UploadFinisher(location, digest, 0, null, progress, action), action, scopes);
  }

  private void cancel(URI location, RegistryAction action, List<String> scopes) {
    try {
      caller.call(new UploadCanceller(location), action, scopes);
    } catch (IOException e) {
      // best effort: the registry expires abandoned sessions on its own
    }
  }

  private static void sleep(Duration wait, RegistryAction action) throws InterruptedIOException {
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException(action + ": interrupted while waiting to retry");
    }
  }
}
