package dev.edge.runtime.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One line of {@code DELETE /images/{name}}: either {@code Untagged} or {@code Deleted}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageDeleteResponse(
    @JsonProperty("Untagged") String untagged,
    @JsonProperty("Deleted") String deleted) {

  public static ImageDeleteResponse untagged(String reference) {
    return new ImageDeleteResponse(reference, null);
  }

  public static ImageDeleteResponse deleted(String imageId) {
    return new ImageDeleteResponse(null, imageId);
  }
}
