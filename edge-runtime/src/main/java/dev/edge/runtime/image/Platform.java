package dev.edge.runtime.image;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** An OS/architecture/variant triple as in OCI image indexes ({@code linux/arm/v7}). */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Platform(
    @JsonProperty("os") String os,
    @JsonProperty("architecture") String architecture,
    @JsonProperty("variant") String variant) {

  /** Parses {@code os/arch[/variant]}, e.g. {@code linux/arm64} or {@code linux/arm/v7}. */
  public static Platform parse(String value) {
    String[] parts = value.split("/");
    if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
      throw new IllegalArgumentException("invalid platform " + value
          + ": expected os/arch[/variant], e.g. linux/arm64 or linux/arm/v7");
    }
    return new Platform(parts[0], parts[1], parts.length == 3 ? parts[2] : "");
  }

  @Override
  public String toString() {
    return os + "/" + architecture + (variant == null || variant.isEmpty() ? "" : "/" + variant);
  }
}
