package dev.edge.runtime.spec;

import dev.edge.runtime.volume.VolumeNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Docker's mount syntax and rules ({@code volume/mounts/linux_parser.go}): {@code -v
 * src:dst[:mode]} strings and {@code --mount} entries, with Docker's error wording.
 */
final class BindSpecs {
  static final Set<String> PROPAGATIONS =
      Set.of("shared", "rshared", "slave", "rslave", "private", "rprivate");
  static final String DEFAULT_PROPAGATION = "rprivate";
  private static final Set<String> LABELS = Set.of("z", "Z");
  private static final Set<String> CONSISTENCY = Set.of("consistent", "cached", "delegated");

  private BindSpecs() {}

  /** One {@code HostConfig.Binds} entry. */
  static MountRequest parseBind(String raw) {
    if (raw == null || raw.isEmpty()) {
      throw new ContainerSpecException("invalid volume specification: '" + raw + "'");
    }
    String[] parts = raw.split(":", -1);
    String source = "";
    String target;
    String mode = "";
    switch (parts.length) {
      case 1 -> target = parts[0];
      case 2 -> {
        if (validMode(parts[1])) {
          throw invalidSpec(raw, "a mode needs a source and a destination");
        }
        source = parts[0];
        target = parts[1];
      }
      case 3 -> {
        source = parts[0];
        target = parts[1];
        mode = parts[2];
      }
      default -> throw invalidSpec(raw, "too many colons");
    }
    if (parts[0].isEmpty()) {
      throw new ContainerSpecException("invalid volume specification: '" + raw + "'");
    }
    if (!validMode(mode)) {
      throw new ContainerSpecException("invalid volume specification: '" + raw
          + "': invalid mode: " + mode);
    }
    ContainerMount.Type type = source.startsWith("/") ? ContainerMount.Type.BIND
        : ContainerMount.Type.VOLUME;
    List<String> tokens = mode.isEmpty() ? List.of() : List.of(mode.split(","));
    String propagation = tokens.stream().filter(PROPAGATIONS::contains).findFirst().orElse("");
    boolean noCopy = tokens.contains("nocopy");
    String prefix = "invalid volume specification: '" + raw + "': ";
    if (type == ContainerMount.Type.VOLUME && !propagation.isEmpty()) {
      throw new ContainerSpecException(prefix + mountConfig(type,
          "field BindOptions must not be specified"));
    }
    if (type == ContainerMount.Type.BIND && noCopy) {
      throw new ContainerSpecException(prefix + mountConfig(type,
          "field VolumeOptions must not be specified"));
    }
    MountRequest m = new MountRequest(type, source, target, tokens.contains("ro"), mode,
        propagation, noCopy, null);
    return validate(m, prefix);
  }

  /** One {@code HostConfig.Mounts} entry ({@code --mount}). */
  static MountRequest parseMount(dev.edge.runtime.container.HostConfig.MountSpec spec) {
    String typeName = spec.type() == null ? "" : spec.type();
    ContainerMount.Type type = switch (typeName) {
      case "bind" -> ContainerMount.Type.BIND;
      case "volume" -> ContainerMount.Type.VOLUME;
      case "tmpfs" -> ContainerMount.Type.TMPFS;
      default -> throw new ContainerSpecException("invalid mount config for type \"" + typeName
          + "\": mount type unknown");
    };
    String source = spec.source() == null ? "" : spec.source();
    if (spec.tmpfsOptions() != null && type != ContainerMount.Type.TMPFS) {
      throw new ContainerSpecException(mountConfig(type,
          "field TmpfsOptions must not be specified"));
    }
    String data = null;
    if (type == ContainerMount.Type.TMPFS) {
      if (!source.isEmpty()) {
        throw new ContainerSpecException(mountConfig(type, "field Source must not be specified"));
      }
      data = spec.tmpfsOptions() == null ? (spec.readOnly() ? "ro" : "")
          : TmpfsOptions.fromApi(spec.tmpfsOptions().sizeBytes(), spec.tmpfsOptions().mode(),
              spec.readOnly());
    }
    if (type == ContainerMount.Type.BIND && source.isEmpty()) {
      throw new ContainerSpecException(mountConfig(type, "field Source must not be empty"));
    }
    if (type == ContainerMount.Type.BIND && !source.startsWith("/")) {
      throw new ContainerSpecException(mountConfig(type, "invalid mount path: '" + source
          + "' mount path must be absolute"));
    }
    return validate(new MountRequest(type, source, spec.target() == null ? "" : spec.target(),
        spec.readOnly(), "", "", false, data), "");
  }

  /** One {@code HostConfig.Tmpfs} entry ({@code --tmpfs /dst:opts}). */
  static MountRequest parseTmpfs(String destination, String options) {
    return validate(new MountRequest(ContainerMount.Type.TMPFS, "", destination, false, "", "",
        false, options == null ? "" : options), "");
  }

  /** Checks the destination and the source, and cleans both. */
  private static MountRequest validate(MountRequest m, String prefix) {
    String target = m.destination();
    if (target.isEmpty()) {
      throw new ContainerSpecException(prefix + mountConfig(m.type(),
          "field Target must not be empty"));
    }
    if (!target.startsWith("/")) {
      throw new ContainerSpecException(prefix + mountConfig(m.type(), "invalid mount path: '"
          + target + "' mount path must be absolute"));
    }
    String cleaned = clean(target);
    if (cleaned.equals("/")) {
      throw new ContainerSpecException(prefix + mountConfig(m.type(),
          "invalid specification: destination can't be '/'"));
    }
    if (cleaned.equals("/proc") || cleaned.startsWith("/proc/")) {
      throw new ContainerSpecException(prefix + cleaned + " cannot be mounted because it is"
          + " located inside \"/proc\"");
    }
    if (m.type() == ContainerMount.Type.TMPFS) {
      TmpfsOptions.withDefaults(m.tmpfsData()); // refuses a bad option before anything is made
    }
    String source = m.source();
    if (m.type() == ContainerMount.Type.BIND) {
      source = clean(source);
      if (!Files.exists(Path.of(source))) {
        throw new ContainerSpecException(prefix + mountConfig(m.type(),
            "bind source path does not exist: " + source));
      }
    } else if (m.type() == ContainerMount.Type.VOLUME && !source.isEmpty()) {
      try {
        VolumeNames.validate(source);
      } catch (IllegalArgumentException e) {
        throw new ContainerSpecException(e.getMessage(), e);
      }
    }
    return new MountRequest(m.type(), source, cleaned, m.readOnly(), m.mode(), m.propagation(),
        m.noCopy(), m.tmpfsData());
  }

  /** Docker's mode grammar: at most one of each kind, nothing unknown. */
  static boolean validMode(String mode) {
    if (mode.isEmpty()) {
      return true;
    }
    Set<String> kinds = new HashSet<>();
    for (String token : mode.split(",", -1)) {
      String kind;
      if (token.equals("rw") || token.equals("ro")) {
        kind = "rw";
      } else if (LABELS.contains(token)) {
        kind = "label";
      } else if (PROPAGATIONS.contains(token)) {
        kind = "propagation";
      } else if (token.equals("nocopy")) {
        kind = "copy";
      } else if (CONSISTENCY.contains(token)) {
        kind = "consistency";
      } else {
        return false;
      }
      if (!kinds.add(kind)) {
        return false;
      }
    }
    return true;
  }

  /** A container path as Go's path.Clean leaves it. */
  static String clean(String path) {
    String normalized = Path.of("/").resolve(Path.of(path.isEmpty() ? "/" : path)).normalize()
        .toString();
    return path.startsWith("/") ? normalized : normalized.substring(1);
  }

  static String mountConfig(ContainerMount.Type type, String detail) {
    return "invalid mount config for type \"" + type.apiName() + "\": " + detail;
  }

  private static ContainerSpecException invalidSpec(String raw, String why) {
    return new ContainerSpecException("invalid volume specification: '" + raw + "': " + why);
  }
}
