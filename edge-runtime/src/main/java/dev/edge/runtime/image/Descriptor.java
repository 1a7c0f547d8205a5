package dev.edge.runtime.image;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** An OCI content descriptor: what a manifest or index says about one blob. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Descriptor(
    @JsonProperty("mediaType") String mediaType,
    @JsonProperty("digest") String digest,
    @JsonProperty("size") long size,
    @JsonProperty("urls") List<String> urls,
    @JsonProperty("annotations") Map<String, String> annotations,
    @JsonProperty("platform") Platform platform) {

  public static Descriptor of(String mediaType, Digest digest, long size) {
    return new Descriptor(mediaType, digest.toString(), size, null, null, null);
  }

  /** The digest, validated; a malformed one is an IllegalArgumentException naming it. */
  public Digest parsedDigest() {
    return Digest.parse(digest);
  }
}
