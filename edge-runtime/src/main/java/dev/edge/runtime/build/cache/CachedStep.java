package dev.edge.runtime.build.cache;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.edge.runtime.build.layer.LayerDigests;

/**
 * The result of a build step as the cache keeps it: the image id (config digest) after the step
 * and, when the step wrote files, its layer; {@code layer} is null for a metadata-only step.
 * {@code createdBy} is the history text, {@code created} the RFC 3339 time it was first built.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CachedStep(String imageId, Layer layer, String createdBy, String created) {
  /** A layer by its diff_id, blob digest and compressed size (all strings of {@code sha256:…}). */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Layer(String diffId, String digest, long size) {
    public static Layer of(LayerDigests digests) {
      return new Layer(digests.diffId().toString(), digests.digest().toString(), digests.size());
    }
  }

  public CachedStep {
    if (imageId == null || imageId.isEmpty()) {
      throw new IllegalArgumentException("a cached step needs the image id it produced");
    }
  }
}
