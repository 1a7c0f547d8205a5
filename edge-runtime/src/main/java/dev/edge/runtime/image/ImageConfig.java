package dev.edge.runtime.image;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * The image configuration blob (OCI image-spec config, Docker's image JSON): platform, run
 * defaults and the uncompressed layer digests (diff_ids). Fields we do not model survive in
 * {@code raw} where callers need them (inspect).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageConfig(
    @JsonProperty("architecture") String architecture,
    @JsonProperty("os") String os,
    @JsonProperty("variant") String variant,
    @JsonProperty("created") String created,
    @JsonProperty("author") String author,
    @JsonProperty("config") RunConfig config,
    @JsonProperty("rootfs") RootFs rootfs,
    @JsonProperty("history") List<JsonNode> history) {

  /** The run defaults a container starts from. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record RunConfig(
      @JsonProperty("User") String user,
      @JsonProperty("Env") List<String> env,
      @JsonProperty("Entrypoint") List<String> entrypoint,
      @JsonProperty("Cmd") List<String> cmd,
      @JsonProperty("WorkingDir") String workingDir,
      @JsonProperty("Volumes") Map<String, Object> volumes,
      @JsonProperty("ExposedPorts") Map<String, Object> exposedPorts,
      @JsonProperty("Labels") Map<String, String> labels,
      @JsonProperty("StopSignal") String stopSignal,
      @JsonProperty("Healthcheck") JsonNode healthcheck,
      @JsonProperty("Shell") List<String> shell) {}

  /** The layer chain by uncompressed digest. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record RootFs(
      @JsonProperty("type") String type,
      @JsonProperty("diff_ids") List<String> diffIds) {}

  public Platform platform() {
    return new Platform(os, architecture, variant == null ? "" : variant);
  }

  /** The diff_ids, validated; a config without them cannot be unpacked. */
  public List<Digest> diffIds() {
    if (rootfs == null || rootfs.diffIds() == null) {
      throw new IllegalArgumentException("image config has no rootfs.diff_ids");
    }
    return rootfs.diffIds().stream().map(Digest::parse).toList();
  }
}
