package dev.edge.runtime.system;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The OCI runtimes installed on this machine, in order of preference (crun, then runc). */
public final class OciRuntimes {
  public static final String[] PREFERENCE = {"crun", "runc"};

  private OciRuntimes() {}

  /** Runtime name to its absolute path, for each one found on PATH. */
  public static Map<String, Path> installed() {
    Map<String, Path> found = new LinkedHashMap<>();
    for (String name : PREFERENCE) {
      which(name).ifPresent(p -> found.put(name, p));
    }
    return found;
  }

  public static Optional<Path> which(String name) {
    String path = Optional.ofNullable(System.getenv("PATH")).orElse("/usr/sbin:/usr/bin:/sbin:/bin");
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate.toAbsolutePath());
      }
    }
    return Optional.empty();
  }
}
