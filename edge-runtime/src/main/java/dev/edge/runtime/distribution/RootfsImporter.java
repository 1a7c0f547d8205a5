package dev.edge.runtime.distribution;

import dev.edge.runtime.image.Digest;
import dev.edge.runtime.image.Platform;
import dev.edge.runtime.image.Reference;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;

/**
 * Makes a one-layer image from a root file system tar, as {@code docker import} does. In two
 * steps, so the API can answer a bad body with a plain HTTP error and stream the rest: the body
 * is read and checked first, the layer and the image are written in {@link Received#commit}.
 * The {@code build} package implements it (it owns the layer writer and the Dockerfile parser).
 */
public interface RootfsImporter {
  /**
   * What to import.
   *
   * @param name the tag to give the image, or null for an untagged image
   * @param changes Dockerfile instructions for the config ({@code CMD ["sh"]}, {@code ENV A=b})
   * @param message the history comment; null for Docker's "Imported from -"
   * @param platform the image's platform; null for the daemon's own
   * @param sourceDateEpoch clamps file times and fixes the created time; null for now
   */
  record Request(Reference name, List<String> changes, String message, Platform platform,
      Instant sourceDateEpoch) {
    public Request {
      changes = changes == null ? List.of() : List.copyOf(changes);
    }
  }

  /**
   * Reads the whole tar (plain, gzip, bzip2 or zstd) into a private directory.
   *
   * @throws ImportRefusedException for a body that is empty, not a tar, over a limit, or
   *     changes that are not valid; nothing is kept
   */
  Received receive(Request request, InputStream tar) throws IOException;

  /** A body that was read and checked; close it to remove what commit did not keep. */
  interface Received extends AutoCloseable {
    /** Writes the layer, the config and the manifest, tags the image; returns its id. */
    Digest commit() throws IOException;

    @Override
    void close() throws IOException;
  }

  /** The request cannot be imported as given; the message says why. */
  final class ImportRefusedException extends IOException {
    public ImportRefusedException(String message) {
      super(message);
    }

    public ImportRefusedException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
