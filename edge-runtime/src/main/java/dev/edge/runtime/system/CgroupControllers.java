package dev.edge.runtime.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/** The cgroup controllers available for resource limits, on cgroup v2 or v1 (hybrid) hosts. */
public final class CgroupControllers {
  private static final Path ROOT = Path.of("/sys/fs/cgroup");

  private CgroupControllers() {}

  public static Set<String> available() {
    Set<String> found = new TreeSet<>();
    Path v2 = ROOT.resolve("cgroup.controllers");
    try {
      if (Files.exists(v2)) {
        for (String c : Files.readString(v2).strip().split("\\s+")) {
          if (!c.isEmpty()) {
            found.add(c);
          }
        }
        return found;
      }
      // v1: each controller is a hierarchy directory; cpu may appear as "cpu,cpuacct".
      try (Stream<Path> dirs = Files.list(ROOT)) {
        dirs.filter(Files::isDirectory)
            .map(p -> p.getFileName().toString())
            .filter(n -> !n.equals("unified") && !n.equals("systemd"))
            .forEach(n -> found.addAll(Set.of(n.split(","))));
      }
    } catch (IOException e) {
      // no cgroup filesystem: no limits can be enforced, and /info says so
    }
    return found;
  }
}
