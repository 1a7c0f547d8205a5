package dev.edge.runtime.distribution;

import dev.edge.runtime.hash.Sha256;
import dev.edge.runtime.image.Descriptor;
import dev.edge.runtime.image.Digest;
import dev.edge.runtime.image.MediaTypes;
import dev.edge.runtime.store.ContentStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPOutputStream;

/**
 * Gzips uncompressed layers (builds keep them so, as Docker's builder does) on their way to a
 * registry. The JDK's gzip header is fixed (no name, time 0), so the same layer always gives
 * the same blob. The compressed blob is written once, hashed as it is written, and moved into the
 * content store; a memo finds it again within a daemon's life.
 */
final class PushCompression {
  private final ContentStore content;
  private final Map<Digest, Descriptor> memo = new ConcurrentHashMap<>();

  PushCompression(ContentStore content) {
    this.content = content;
  }

  /** The layer as registries expect it: itself when already compressed. */
  Descriptor forPush(Descriptor layer) throws IOException {
    if (MediaTypes.layerCompression(layer.mediaType()) != MediaTypes.Compression.NONE) {
      return layer;
    }
    Digest source = layer.parsedDigest();
    Descriptor known = memo.get(source);
    if (known != null && content.exists(known.parsedDigest())) {
      return known;
    }
    MessageDigest sha = Sha256.newDigest();
    Path file = content.scratchFile("push-gzip");
    Digest digest;
    long size;
    try {
      try (InputStream in = content.open(source);
          GZIPOutputStream gz = new GZIPOutputStream(new DigestOutputStream(
              Files.newOutputStream(file), sha), 64 * 1024)) {
        in.transferTo(gz);
      }
      digest = Digest.ofSha256(sha);
      size = Files.size(file);
      content.adopt(file, digest);
    } finally {
      Files.deleteIfExists(file);
    }
    Descriptor compressed = Descriptor.of(MediaTypes.DOCKER_LAYER_GZIP, digest, size);
    memo.put(source, compressed);
    return compressed;
  }
}
