package dev.edge.runtime.distribution;

import dev.edge.runtime.hash.Sha256;
import dev.edge.runtime.image.Descriptor;
import dev.edge.runtime.image.Digest;
import dev.edge.runtime.image.MediaTypes;
import dev.edge.runtime.store.ContentStore;
import dev.edge.runtime.store.Ingest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPOutputStream;

/**
 * Gzips uncompressed layers (builds keep them so, as Docker's builder does) on their way to a
 * registry. The JDK's gzip header is fixed (no name, time 0), so the same layer always gives
 * the same blob. The compressed blob goes into the content store, found again by memo within a
 * daemon's life; the content store is the ingest's verified copy, written in a second pass once
 * the first has told its digest and size.
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
    long[] size = {0};
    compress(source, new DigestOutputStream(new OutputStream() {
      @Override
      public void write(int b) {
        size[0]++;
      }

      @Override
      public void write(byte[] b, int off, int len) {
        size[0] += len;
      }
    }, sha));
    Digest digest = Digest.ofSha256(sha);
    if (!content.exists(digest)) {
      try (Ingest ingest = content.openIngest("push-gzip-" + digest.hex(), digest, size[0])) {
        if (ingest.offset() > 0) {
          content.abort("push-gzip-" + digest.hex());
          throw new IOException("a previous compression of layer " + source + " was left"
              + " half-written; push again");
        }
        compress(source, ingest.outputStream());
        ingest.commit();
      }
    }
    Descriptor compressed = Descriptor.of(MediaTypes.DOCKER_LAYER_GZIP, digest, size[0]);
    memo.put(source, compressed);
    return compressed;
  }

  private void compress(Digest source, OutputStream sink) throws IOException {
    try (InputStream in = content.open(source)) {
      GZIPOutputStream gz = new GZIPOutputStream(sink, 64 * 1024);
      in.transferTo(gz);
      gz.finish();
      sink.flush();
    }
  }
}
