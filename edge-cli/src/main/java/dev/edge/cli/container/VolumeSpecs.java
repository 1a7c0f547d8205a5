package dev.edge.cli.container;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code -v/--volume [SRC:]DST[:OPTIONS]}: an absolute SRC is a bind mount, a bare name a named
 * volume (both go to {@code HostConfig.Binds}), and a lone DST an anonymous volume
 * ({@code Config.Volumes}). A relative SRC is refused, as Docker's daemon refuses it.
 */
public final class VolumeSpecs {
  static final String FLAG = "-v, --volume";
  /** Docker's rule for local volume names. */
  private static final Pattern VOLUME_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]+");
  private static final Set<String> OPTIONS = Set.of("ro", "rw", "z", "Z", "nocopy", "shared",
      "rshared", "slave", "rslave", "private", "rprivate", "consistent", "cached", "delegated");

  private final List<String> binds = new ArrayList<>();
  private final Map<String, Object> volumes = new LinkedHashMap<>();

  public List<String> binds() {
    return binds;
  }

  public Map<String, Object> anonymous() {
    return volumes;
  }

  public VolumeSpecs add(String spec) {
    String[] parts = spec.split(":", -1);
    if (parts.length > 3 || spec.isEmpty()) {
      throw new BadFlagException(FLAG, spec, "expected [SOURCE:]TARGET[:OPTIONS]");
    }
    if (parts.length == 1) {
      requireTarget(spec, parts[0]);
      volumes.put(parts[0], Map.of());
      return this;
    }
    String source = parts[0];
    requireTarget(spec, parts[1]);
    if (parts.length == 3) {
      checkOptions(spec, parts[2]);
    }
    if (source.isEmpty()) {
      throw new BadFlagException(FLAG, spec, "the source is empty");
    }
    if (!source.startsWith("/") && !VOLUME_NAME.matcher(source).matches()) {
      throw new BadFlagException(FLAG, spec, "\"" + source + "\" includes invalid characters"
          + " for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you"
          + " intended to pass a host directory, use an absolute path");
    }
    binds.add(spec);
    return this;
  }

  private static void requireTarget(String spec, String target) {
    if (target.isEmpty()) {
      throw new BadFlagException(FLAG, spec, "the target path in the container is empty");
    }
    if (!target.startsWith("/")) {
      throw new BadFlagException(FLAG, spec, "the target \"" + target + "\" is not an absolute"
          + " path in the container");
    }
  }

  private static void checkOptions(String spec, String options) {
    int access = 0;
    for (String option : options.split(",", -1)) {
      if (!OPTIONS.contains(option)) {
        throw new BadFlagException(FLAG, spec, "invalid mode \"" + option + "\" (ro, rw, z, Z,"
            + " nocopy or a propagation such as rshared)");
      }
      if (option.equals("ro") || option.equals("rw")) {
        access++;
      }
    }
    if (access > 1) {
      throw new BadFlagException(FLAG, spec, "ro and rw are exclusive");
    }
  }
}
