package dev.edge.runtime.spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One user mount of a container, resolved: a host directory, a volume's data directory, or a
 * tmpfs, with the options the runtime gets. {@code copyUp} asks for the image's content at the
 * destination to be copied into a still-empty volume before the first start.
 */
public record ContainerMount(
    Type type,
    String source,
    String destination,
    boolean readOnly,
    String volumeName,
    String mode,
    String propagation,
    List<String> options,
    boolean copyUp) {
  /** Docker's mount types that edge supports. */
  public enum Type {
    BIND("bind"), VOLUME("volume"), TMPFS("tmpfs");

    private final String apiName;

    Type(String apiName) {
      this.apiName = apiName;
    }

    public String apiName() {
      return apiName;
    }
  }

  public ContainerMount {
    options = List.copyOf(options);
    mode = mode == null ? "" : mode;
    propagation = propagation == null ? "" : propagation;
  }

  /** What the runtime mounts. */
  public OciSpec.Mount toOci() {
    return new OciSpec.Mount(destination, type == Type.TMPFS ? "tmpfs" : "bind", source,
        options);
  }

  /** An entry of {@code Mounts} in {@code GET /containers/{id}/json}. */
  public Map<String, Object> inspectView() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Type", type.apiName());
    if (type == Type.VOLUME) {
      m.put("Name", volumeName);
    }
    m.put("Source", type == Type.TMPFS ? "" : source);
    m.put("Destination", destination);
    if (type == Type.VOLUME) {
      m.put("Driver", "local");
    }
    m.put("Mode", mode);
    m.put("RW", !readOnly);
    m.put("Propagation", propagation);
    return m;
  }
}
