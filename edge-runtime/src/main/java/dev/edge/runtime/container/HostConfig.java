package dev.edge.runtime.container;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * Docker's {@code HostConfig}: how the container is tied to this machine (mounts, ports,
 * devices, limits, restart policy). Only the fields edge honours are modelled; Jackson drops
 * the rest, so a client sending more is not refused.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HostConfig(
    @JsonProperty("Binds") List<String> binds,
    @JsonProperty("Mounts") List<MountSpec> mounts,
    @JsonProperty("Tmpfs") Map<String, String> tmpfs,
    @JsonProperty("NetworkMode") String networkMode,
    @JsonProperty("PortBindings") Map<String, List<PortBinding>> portBindings,
    @JsonProperty("PublishAllPorts") boolean publishAllPorts,
    @JsonProperty("RestartPolicy") RestartPolicy restartPolicy,
    @JsonProperty("AutoRemove") boolean autoRemove,
    @JsonProperty("Devices") List<DeviceMapping> devices,
    @JsonProperty("GroupAdd") List<String> groupAdd,
    @JsonProperty("Memory") long memory,
    @JsonProperty("MemorySwap") long memorySwap,
    @JsonProperty("NanoCpus") long nanoCpus,
    @JsonProperty("CpuQuota") long cpuQuota,
    @JsonProperty("CpuPeriod") long cpuPeriod,
    @JsonProperty("CpuShares") long cpuShares,
    @JsonProperty("PidsLimit") Long pidsLimit,
    @JsonProperty("Privileged") boolean privileged,
    @JsonProperty("CapAdd") List<String> capAdd,
    @JsonProperty("CapDrop") List<String> capDrop,
    @JsonProperty("SecurityOpt") List<String> securityOpt,
    @JsonProperty("ReadonlyRootfs") boolean readonlyRootfs,
    @JsonProperty("Dns") List<String> dns,
    @JsonProperty("DnsSearch") List<String> dnsSearch,
    @JsonProperty("ExtraHosts") List<String> extraHosts,
    @JsonProperty("ShmSize") long shmSize,
    @JsonProperty("Init") Boolean init,
    @JsonProperty("Runtime") String runtime,
    @JsonProperty("LogConfig") LogConfig logConfig) {

  public HostConfig {
    binds = binds == null ? List.of() : List.copyOf(binds);
    mounts = mounts == null ? List.of() : List.copyOf(mounts);
    tmpfs = tmpfs == null ? Map.of() : Map.copyOf(tmpfs);
    portBindings = portBindings == null ? Map.of() : Map.copyOf(portBindings);
    devices = devices == null ? List.of() : List.copyOf(devices);
    groupAdd = groupAdd == null ? List.of() : List.copyOf(groupAdd);
    capAdd = capAdd == null ? List.of() : List.copyOf(capAdd);
    capDrop = capDrop == null ? List.of() : List.copyOf(capDrop);
    securityOpt = securityOpt == null ? List.of() : List.copyOf(securityOpt);
    dns = dns == null ? List.of() : List.copyOf(dns);
    dnsSearch = dnsSearch == null ? List.of() : List.copyOf(dnsSearch);
    extraHosts = extraHosts == null ? List.of() : List.copyOf(extraHosts);
    restartPolicy = restartPolicy == null ? RestartPolicy.NO : restartPolicy;
    networkMode = networkMode == null || networkMode.isEmpty() || networkMode.equals("default")
        ? "bridge" : networkMode;
  }

  /** An empty host configuration: Docker's defaults. */
  public static HostConfig defaults() {
    return new HostConfig(null, null, null, null, null, false, null, false, null, null, 0, 0, 0,
        0, 0, 0, null, false, null, null, null, false, null, null, null, 0, null, null, null);
  }

  /** One entry of {@code --mount}: {@code Type} is bind, volume or tmpfs. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record MountSpec(
      @JsonProperty("Type") String type,
      @JsonProperty("Source") String source,
      @JsonProperty("Target") String target,
      @JsonProperty("ReadOnly") boolean readOnly,
      @JsonProperty("TmpfsOptions") TmpfsOptions tmpfsOptions) {}

  /** Size and mode of a tmpfs mount. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record TmpfsOptions(
      @JsonProperty("SizeBytes") Long sizeBytes,
      @JsonProperty("Mode") Integer mode) {}

  /** A published port: which host address and port forward to the container's port. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record PortBinding(
      @JsonProperty("HostIp") String hostIp,
      @JsonProperty("HostPort") String hostPort) {}

  /** {@code --device}: a host device node given to the container. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record DeviceMapping(
      @JsonProperty("PathOnHost") String pathOnHost,
      @JsonProperty("PathInContainer") String pathInContainer,
      @JsonProperty("CgroupPermissions") String cgroupPermissions) {}

  /** {@code --log-opt}; edge's log driver is its own file, sized by {@code max-size}. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record LogConfig(
      @JsonProperty("Type") String type,
      @JsonProperty("Config") Map<String, String> config) {}

  /** {@code --restart}: no, on-failure[:N], always or unless-stopped. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record RestartPolicy(
      @JsonProperty("Name") String name,
      @JsonProperty("MaximumRetryCount") int maximumRetryCount) {
    public static final RestartPolicy NO = new RestartPolicy("no", 0);

    public RestartPolicy {
      name = name == null || name.isEmpty() ? "no" : name;
    }
  }
}
