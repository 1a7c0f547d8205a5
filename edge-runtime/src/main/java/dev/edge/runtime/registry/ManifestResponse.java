package dev.edge.runtime.registry;

import dev.edge.runtime.image.Descriptor;
import dev.edge.runtime.image.Digest;
import dev.edge.runtime.image.MediaTypes;

/**
 * A manifest or index exactly as the registry sent it, with its verified digest.
 *
 * @param bytes the raw bytes; the digest is over these, so never re-serialise them
 * @param mediaType one of {@link MediaTypes#MANIFESTS}
 * @param digest the digest of the bytes, checked against the requested and announced digests
 */
public record ManifestResponse(byte[] bytes, String mediaType, Digest digest) {

  public boolean isIndex() {
    return MediaTypes.isIndex(mediaType);
  }

  public Descriptor descriptor() {
    return Descriptor.of(mediaType, digest, bytes.length);
  }
}
