package dev.edge.runtime.store;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.edge.runtime.image.Descriptor;
import dev.edge.runtime.image.Digest;
import dev.edge.runtime.image.Platform;
import dev.edge.runtime.snapshot.ChainIds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One pulled image as the index keeps it, keyed by its id (the config digest). Tags and repo
 * digests live in the index's reference map, not here.
 *
 * @param manifest the platform manifest's digest
 * @param index the index or manifest list it was chosen from, or null
 * @param created the config's {@code created}, ISO-8601, or null
 * @param size bytes of the unpacked layers, as {@code docker images} shows
 * @param parent the image a build step made this one from ({@code sha256:…}), or null; such
 *     intermediate images are hidden from {@code docker images} while a child names them
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ImageRecord(
    @JsonProperty("id") String id,
    @JsonProperty("manifest") String manifest,
    @JsonProperty("manifestMediaType") String manifestMediaType,
    @JsonProperty("index") String index,
    @JsonProperty("config") Descriptor config,
    @JsonProperty("layers") List<Descriptor> layers,
    @JsonProperty("diffIds") List<String> diffIds,
    @JsonProperty("platform") Platform platform,
    @JsonProperty("created") String created,
    @JsonProperty("size") long size,
    @JsonProperty("labels") Map<String, String> labels,
    @JsonProperty("parent") String parent) {

  public ImageRecord {
    Digest.parse(id);
    Digest.parse(manifest);
    if (index != null) {
      Digest.parse(index);
    }
    layers = List.copyOf(layers);
    diffIds = List.copyOf(diffIds);
    diffIds.forEach(Digest::parse);
    if (layers.size() != diffIds.size()) {
      throw new IllegalArgumentException("image " + id + ": " + layers.size() + " layers but "
          + diffIds.size() + " diff_ids");
    }
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    if (parent != null) {
      Digest.parse(parent);
    }
    // JSON omits an empty variant; keep one form so a reloaded record equals the stored one.
    if (platform != null && platform.variant() == null) {
      platform = new Platform(platform.os(), platform.architecture(), "");
    }
  }

  /** Builds a record from typed values. */
  public static ImageRecord of(Digest manifest, String manifestMediaType, Digest index,
      Descriptor config, List<Descriptor> layers, List<Digest> diffIds, Platform platform,
      Instant created, long size, Map<String, String> labels) {
    return new ImageRecord(config.digest(), manifest.toString(), manifestMediaType,
        index == null ? null : index.toString(), config, layers,
        diffIds.stream().map(Digest::toString).toList(), platform,
        created == null ? null : created.toString(), size, labels, null);
  }

  /** The same image recorded as made from {@code parentId} by a build step. */
  public ImageRecord withParent(Digest parentId) {
    return new ImageRecord(id, manifest, manifestMediaType, index, config, layers, diffIds,
        platform, created, size, labels, parentId == null ? null : parentId.toString());
  }

  @JsonIgnore
  public Digest imageId() {
    return Digest.parse(id);
  }

  @JsonIgnore
  public Digest manifestDigest() {
    return Digest.parse(manifest);
  }

  @JsonIgnore
  public List<Digest> chainIds() {
    return ChainIds.of(diffIds.stream().map(Digest::parse).toList());
  }

  /** Every blob the image needs kept: config, manifest, index and layers. */
  @JsonIgnore
  public List<Digest> blobs() {
    List<Digest> blobs = new ArrayList<>();
    blobs.add(imageId());
    blobs.add(manifestDigest());
    if (index != null) {
      blobs.add(Digest.parse(index));
    }
    layers.forEach(layer -> blobs.add(layer.parsedDigest()));
    return blobs;
  }

  @JsonIgnore
  public Instant createdInstant() {
    return created == null ? Instant.EPOCH : Instant.parse(created);
  }
}
