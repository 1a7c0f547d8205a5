package dev.edge.runtime.image;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** A Docker v2 schema 2 or OCI image manifest: one config and its layers, bottom first. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageManifest(
    @JsonProperty("schemaVersion") int schemaVersion,
    @JsonProperty("mediaType") String mediaType,
    @JsonProperty("config") Descriptor config,
    @JsonProperty("layers") List<Descriptor> layers,
    @JsonProperty("annotations") Map<String, String> annotations) {

  /** Checks what a pull relies on; the message says what is missing. */
  public ImageManifest validate() {
    if (schemaVersion != 2) {
      throw new IllegalArgumentException("unsupported manifest schemaVersion " + schemaVersion);
    }
    if (config == null || config.digest() == null) {
      throw new IllegalArgumentException("manifest has no config descriptor");
    }
    config.parsedDigest();
    if (layers == null) {
      throw new IllegalArgumentException("manifest has no layers list");
    }
    for (Descriptor layer : layers) {
      layer.parsedDigest();
      MediaTypes.layerCompression(layer.mediaType());
      if (layer.size() < 0) {
        throw new IllegalArgumentException("layer " + layer.digest() + " has a negative size");
      }
    }
    return this;
  }
}
