package dev.edge.runtime.registry;

import java.io.IOException;
import java.io.InputStream;

/** Opens a blob's bytes from the start; called again when an upload has to start over. */
@FunctionalInterface
public interface BlobSource {
  InputStream open() throws IOException;
}
