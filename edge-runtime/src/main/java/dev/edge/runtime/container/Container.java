package dev.edge.runtime.container;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A container's record as the daemon keeps it (ROOT/containers/ID/container.json): what was
 * asked, what was made of it, and its state. Mutated only by {@link ContainerService} under the
 * container's lock, and written to disk after every change.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY,
    getterVisibility = JsonAutoDetect.Visibility.NONE,
    isGetterVisibility = JsonAutoDetect.Visibility.NONE)
@JsonIgnoreProperties(ignoreUnknown = true)
public final class Container {
  @JsonProperty String id;
  @JsonProperty String name;
  @JsonProperty String created;
  /** The image as the client named it, and what it resolved to. */
  @JsonProperty String imageName;
  @JsonProperty String imageId;
  /** The effective configuration: the image's defaults merged with the request. */
  @JsonProperty ContainerConfig config;
  @JsonProperty HostConfig hostConfig;
  @JsonProperty String runtime;
  @JsonProperty ContainerState state = ContainerState.created();
  @JsonProperty int restartCount;
  /** Set by stop/kill from a client: unless-stopped and always must not bring it back. */
  @JsonProperty boolean manuallyStopped;
  @JsonProperty NetworkInfo network;
  @JsonProperty List<MountPoint> mounts = new ArrayList<>();
  @JsonProperty int conmonPid;
  @JsonProperty List<String> warnings = new ArrayList<>();

  Container() {}

  Container(String id, String name, String created, String imageName, String imageId,
      ContainerConfig config, HostConfig hostConfig) {
    this.id = id;
    this.name = name;
    this.created = created;
    this.imageName = imageName;
    this.imageId = imageId;
    this.config = config;
    this.hostConfig = hostConfig;
  }

  public String id() {
    return id;
  }

  public String name() {
    return name;
  }

  public String created() {
    return created;
  }

  public String imageName() {
    return imageName;
  }

  public String imageId() {
    return imageId;
  }

  public ContainerConfig config() {
    return config;
  }

  public HostConfig hostConfig() {
    return hostConfig;
  }

  public String runtime() {
    return runtime;
  }

  public synchronized ContainerState state() {
    return state;
  }

  public synchronized int restartCount() {
    return restartCount;
  }

  public synchronized NetworkInfo network() {
    return network;
  }

  public synchronized List<MountPoint> mounts() {
    return List.copyOf(mounts);
  }

  /** Set by the service: where this container's bundle lives. */
  @com.fasterxml.jackson.annotation.JsonIgnore
  Path dir;

  Path bundleConfig() {
    return dir.resolve("config.json");
  }

  Path rootfs() {
    return dir.resolve("rootfs");
  }

  public String shortId() {
    return id.substring(0, 12);
  }

  /** The container's address and published ports, for inspect and ps. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record NetworkInfo(
      @JsonProperty("mode") String mode,
      @JsonProperty("ipAddress") String ipAddress,
      @JsonProperty("prefixLength") int prefixLength,
      @JsonProperty("gateway") String gateway,
      @JsonProperty("macAddress") String macAddress,
      @JsonProperty("ports") Map<String, List<HostConfig.PortBinding>> ports,
      @JsonProperty("netnsPath") String netnsPath) {}

  /** One mount as {@code docker inspect} lists it. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record MountPoint(
      @JsonProperty("Type") String type,
      @JsonProperty("Name") String name,
      @JsonProperty("Source") String source,
      @JsonProperty("Destination") String destination,
      @JsonProperty("Mode") String mode,
      @JsonProperty("RW") boolean rw,
      @JsonProperty("Propagation") String propagation) {}
}
