package dev.edge.runtime.spec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Docker's tmpfs option rules ({@code MergeTmpfsOptions}): its defaults first, the user's after,
 * and where two options set the same mount flag or the same key, the later one wins.
 */
public final class TmpfsOptions {
  /** What every tmpfs mount starts with in Docker. */
  public static final List<String> DEFAULTS = List.of("noexec", "nosuid", "nodev", "rprivate");
  /** The mount(8) flags, each to the flag it sets or clears (one key for all propagations). */
  private static final Map<String, String> FLAGS = Map.ofEntries(
      Map.entry("ro", "rdonly"), Map.entry("rw", "rdonly"),
      Map.entry("suid", "nosuid"), Map.entry("nosuid", "nosuid"),
      Map.entry("dev", "nodev"), Map.entry("nodev", "nodev"),
      Map.entry("exec", "noexec"), Map.entry("noexec", "noexec"),
      Map.entry("sync", "sync"), Map.entry("async", "sync"),
      Map.entry("dirsync", "dirsync"), Map.entry("remount", "remount"),
      Map.entry("mand", "mand"), Map.entry("nomand", "mand"),
      Map.entry("atime", "noatime"), Map.entry("noatime", "noatime"),
      Map.entry("diratime", "nodiratime"), Map.entry("nodiratime", "nodiratime"),
      Map.entry("relatime", "relatime"), Map.entry("norelatime", "relatime"),
      Map.entry("strictatime", "strictatime"), Map.entry("nostrictatime", "strictatime"),
      Map.entry("shared", "propagation"), Map.entry("rshared", "propagation"),
      Map.entry("slave", "propagation"), Map.entry("rslave", "propagation"),
      Map.entry("private", "propagation"), Map.entry("rprivate", "propagation"),
      Map.entry("unbindable", "propagation"), Map.entry("runbindable", "propagation"));
  /** The {@code key=value} options tmpfs takes. */
  private static final Set<String> DATA_KEYS =
      Set.of("size", "mode", "uid", "gid", "nr_inodes", "nr_blocks", "mpol");
  private static final long[] SIZE_UNITS = {1L << 30, 1L << 20, 1L << 10};
  private static final String[] SIZE_SUFFIXES = {"g", "m", "k"};

  private TmpfsOptions() {}

  /** Docker's defaults merged with {@code user} (a comma-separated list, may be empty). */
  public static List<String> withDefaults(String user) {
    List<String> all = new ArrayList<>(DEFAULTS);
    if (user != null && !user.isBlank()) {
      all.addAll(List.of(user.split(",")));
    }
    return merge(all);
  }

  /**
   * Later options win over earlier ones that set the same thing.
   *
   * @throws ContainerSpecException for an option tmpfs does not take
   */
  public static List<String> merge(List<String> options) {
    LinkedList<String> kept = new LinkedList<>();
    Set<String> seen = new HashSet<>();
    for (int i = options.size() - 1; i >= 0; i--) {
      String option = options.get(i).strip();
      if (option.equals("defaults") || option.isEmpty()) {
        continue;
      }
      String flag = FLAGS.get(option);
      String key;
      if (flag != null) {
        key = "flag:" + flag;
      } else {
        int eq = option.indexOf('=');
        if (eq < 0 || !DATA_KEYS.contains(option.substring(0, eq))) {
          throw new ContainerSpecException("invalid tmpfs option \"" + option + "\"");
        }
        key = "data:" + option.substring(0, eq);
      }
      if (seen.add(key)) {
        kept.addFirst(option);
      }
    }
    return List.copyOf(kept);
  }

  /** {@code --mount type=tmpfs}'s size and mode as tmpfs options, as Docker writes them. */
  public static String fromApi(Long sizeBytes, Integer mode, boolean readOnly) {
    List<String> opts = new ArrayList<>();
    if (sizeBytes != null && sizeBytes != 0) {
      if (sizeBytes < 0) {
        throw new ContainerSpecException("invalid tmpfs size " + sizeBytes
            + ": must be positive");
      }
      String size = sizeBytes.toString();
      for (int i = 0; i < SIZE_UNITS.length; i++) {
        if (sizeBytes % SIZE_UNITS[i] == 0) {
          size = (sizeBytes / SIZE_UNITS[i]) + SIZE_SUFFIXES[i];
          break;
        }
      }
      opts.add("size=" + size);
    }
    if (mode != null && mode != 0) {
      opts.add("mode=" + Integer.toOctalString(mode));
    }
    if (readOnly) {
      opts.add("ro");
    }
    return String.join(",", opts);
  }
}
