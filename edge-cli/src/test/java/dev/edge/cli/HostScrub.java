package dev.edge.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a test daemon under one temp directory may leave on the host (mounts, conmon monitors,
 * runtime state, network namespaces, its bridge), found and removed by that directory and
 * bridge name only, so concurrent suites and the machine's own containers are never touched.
 */
final class HostScrub {
  private HostScrub() {}

  /** Everything of the suite's still on the host, one line each; empty when clean. */
  static List<String> leaks(Path dir, String bridge) throws IOException {
    List<String> leaks = new ArrayList<>();
    for (String point : mountsUnder(dir)) {
      leaks.add("mount: " + point);
    }
    for (ProcessHandle p : monitorsOf(dir)) {
      leaks.add("process " + p.pid() + ": " + p.info().commandLine().orElse("?"));
    }
    for (Path ns : namespaces(bridge)) {
      leaks.add("network namespace: " + ns);
    }
    return leaks;
  }

  /** Removes what {@link #leaks} finds, then the bridge. Never throws: it runs in finally. */
  static void scrub(Path dir, String bridge) {
    try {
      for (ProcessHandle p : monitorsOf(dir)) {
        p.destroyForcibly();
      }
      Path runc = dir.resolve("root").resolve("runtime").resolve("runc");
      if (Files.isDirectory(runc)) {
        try (DirectoryStream<Path> states = Files.newDirectoryStream(runc)) {
          for (Path state : states) {
            EdgeProcess.run("runc", "--root", runc.toString(), "delete", "-f",
                state.getFileName().toString());
          }
        }
      }
      List<String> points = mountsUnder(dir);
      points.sort((a, b) -> b.length() - a.length());
      for (String point : points) {
        EdgeProcess.run("umount", "-l", point);
      }
      for (Path ns : namespaces(bridge)) {
        EdgeProcess.run("ip", "netns", "del", ns.getFileName().toString());
      }
      EdgeProcess.run("ip", "link", "del", bridge);
    } catch (Exception e) {
      System.err.println("scrubbing after the suite failed: " + e);
    }
  }

  private static List<String> mountsUnder(Path dir) throws IOException {
    List<String> points = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of("/proc/mounts"))) {
      String[] fields = line.split(" ");
      if (fields.length > 1 && fields[1].startsWith(dir.toString())) {
        points.add(fields[1]);
      }
    }
    return points;
  }

  /** conmon (and anything else) whose command line names the suite's directory. */
  private static List<ProcessHandle> monitorsOf(Path dir) {
    long self = ProcessHandle.current().pid();
    return ProcessHandle.allProcesses()
        .filter(p -> p.pid() != self)
        .filter(p -> p.info().commandLine().map(c -> c.contains(dir.toString())
            && !c.contains(" daemon --root ")).orElse(false))
        .toList();
  }

  private static List<Path> namespaces(String bridge) throws IOException {
    List<Path> found = new ArrayList<>();
    try (DirectoryStream<Path> netns = Files.newDirectoryStream(Path.of("/run/netns"),
        bridge + "-*")) {
      netns.forEach(found::add);
    } catch (NoSuchFileException e) {
      // no namespaces at all
    }
    return found;
  }
}
