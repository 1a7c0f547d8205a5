package dev.edge.cli.container;

import dev.edge.runtime.container.HostConfig.MountSpec;
import dev.edge.runtime.container.HostConfig.TmpfsOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code --mount type=bind|volume|tmpfs,source=…,target=…[,readonly][,tmpfs-size=…]
 * [,tmpfs-mode=…]}: comma-separated, CSV-quoted fields with Docker's aliases (src, dst,
 * destination, ro). The type defaults to volume, as in Docker.
 */
public final class MountSpecs {
  static final String FLAG = "--mount";

  private MountSpecs() {}

  public static MountSpec parse(String spec) {
    String type = "volume";
    String source = null;
    String target = null;
    boolean readOnly = false;
    Long tmpfsSize = null;
    Integer tmpfsMode = null;
    for (String field : csvFields(spec)) {
      int eq = field.indexOf('=');
      String key = (eq < 0 ? field : field.substring(0, eq)).toLowerCase(Locale.ROOT);
      String value = eq < 0 ? null : field.substring(eq + 1);
      if (value == null) {
        if (key.equals("readonly") || key.equals("ro")) {
          readOnly = true;
          continue;
        }
        throw new BadFlagException(FLAG, spec, "invalid field '" + field
            + "': it must be a key=value pair");
      }
      switch (key) {
        case "type" -> type = value.toLowerCase(Locale.ROOT);
        case "source", "src" -> source = value;
        case "target", "dst", "destination" -> target = value;
        case "readonly", "ro" -> readOnly = bool(spec, key, value);
        case "tmpfs-size" -> tmpfsSize = ByteSize.parse(FLAG, value);
        case "tmpfs-mode" -> tmpfsMode = octal(spec, value);
        case "consistency" -> { } // macOS file sharing only; Docker ignores it on Linux too
        case "bind-propagation", "bind-nonrecursive", "volume-nocopy", "volume-label",
            "volume-driver", "volume-opt" -> throw new BadFlagException(FLAG, spec, "'" + key
                + "' is not supported by edge");
        default -> throw new BadFlagException(FLAG, spec, "unexpected key '" + key + "' in '"
            + field + "'");
      }
    }
    return build(spec, type, source, target, readOnly, tmpfsSize, tmpfsMode);
  }

  private static MountSpec build(String spec, String type, String source, String target,
      boolean readOnly, Long tmpfsSize, Integer tmpfsMode) {
    if (!type.equals("bind") && !type.equals("volume") && !type.equals("tmpfs")) {
      throw new BadFlagException(FLAG, spec, "unknown mount type '" + type
          + "' (bind, volume or tmpfs)");
    }
    if (target == null || target.isEmpty()) {
      throw new BadFlagException(FLAG, spec, "target is required");
    }
    if (!target.startsWith("/")) {
      throw new BadFlagException(FLAG, spec, "the target '" + target
          + "' is not an absolute path in the container");
    }
    if ((tmpfsSize != null || tmpfsMode != null) && !type.equals("tmpfs")) {
      throw new BadFlagException(FLAG, spec, "cannot mix 'tmpfs-*' options with mount type '"
          + type + "'");
    }
    if (type.equals("bind")) {
      if (source == null || source.isEmpty()) {
        throw new BadFlagException(FLAG, spec, "a bind mount needs a source");
      }
      if (source.equals(".") || source.startsWith("./")) {
        source = Path.of(source).toAbsolutePath().normalize().toString(); // as docker does
      }
      if (!source.startsWith("/")) {
        throw new BadFlagException(FLAG, spec, "the bind source '" + source
            + "' is not an absolute path");
      }
    } else if (type.equals("tmpfs") && source != null && !source.isEmpty()) {
      throw new BadFlagException(FLAG, spec, "a tmpfs mount has no source");
    }
    TmpfsOptions tmpfs = tmpfsSize == null && tmpfsMode == null ? null
        : new TmpfsOptions(tmpfsSize, tmpfsMode);
    return new MountSpec(type, source == null || source.isEmpty() ? null : source, target,
        readOnly, tmpfs);
  }

  private static boolean bool(String spec, String key, String value) {
    switch (value.toLowerCase(Locale.ROOT)) {
      case "1", "t", "true" -> {
        return true;
      }
      case "0", "f", "false" -> {
        return false;
      }
      default -> throw new BadFlagException(FLAG, spec, "invalid value for " + key + ": "
          + value + " (true or false)");
    }
  }

  private static int octal(String spec, String value) {
    try {
      int mode = Integer.parseInt(value, 8);
      if (mode < 0) {
        throw new NumberFormatException(value);
      }
      return mode;
    } catch (NumberFormatException e) {
      throw new BadFlagException(FLAG, spec, "invalid value for tmpfs-mode: " + value
          + " (an octal mode such as 1777)");
    }
  }

  /** One CSV record: fields split at commas, double quotes protect commas, "" is a quote. */
  static List<String> csvFields(String spec) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < spec.length(); i++) {
      char c = spec.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < spec.length() && spec.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    if (quoted) {
      throw new BadFlagException(FLAG, spec, "a quote is not closed");
    }
    fields.add(field.toString());
    return fields;
  }
}
