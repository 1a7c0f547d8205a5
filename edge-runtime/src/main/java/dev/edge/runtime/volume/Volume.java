package dev.edge.runtime.volume;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** A named volume as Docker's API shows it ({@code docker volume inspect}). */
public record Volume(
    @JsonProperty("Name") String name,
    @JsonProperty("Driver") String driver,
    @JsonProperty("Mountpoint") String mountpoint,
    @JsonProperty("CreatedAt") String createdAt,
    @JsonProperty("Labels") Map<String, String> labels,
    @JsonProperty("Scope") String scope,
    @JsonProperty("Options") Map<String, String> options) {
  /** The only driver edge has: a directory under the store. */
  public static final String LOCAL_DRIVER = "local";
  /** Docker marks volumes made for an image's VOLUME or a source-less mount with this label. */
  public static final String ANONYMOUS_LABEL = "com.docker.volume.anonymous";

  public Volume {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    options = options == null ? Map.of() : Map.copyOf(options);
  }

  @JsonIgnore
  public boolean anonymous() {
    return labels.containsKey(ANONYMOUS_LABEL);
  }
}
