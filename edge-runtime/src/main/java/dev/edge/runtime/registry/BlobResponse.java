package dev.edge.runtime.registry;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * A blob body being downloaded. Close it when done, or the connection is not released.
 *
 * @param body the bytes from {@code offset} on, closed by the idle-read watchdog if they stall
 * @param offset where the body starts: the offset asked for, or 0 when the registry sent it all
 * @param totalSize the whole blob's size when the registry said it, else -1
 */
public record BlobResponse(InputStream body, long offset, long totalSize) implements Closeable {
  @Override
  public void close() throws IOException {
    body.close();
  }
}
