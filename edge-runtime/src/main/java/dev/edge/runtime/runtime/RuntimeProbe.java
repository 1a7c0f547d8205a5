package dev.edge.runtime.runtime;

import dev.edge.runtime.fs.FileTrees;
import dev.edge.runtime.json.Json;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Chooses the OCI runtime by running a real container with each candidate, not by its
 * presence: crun 1.8 is installed on Debian 12 but refuses the hybrid cgroup layout, where
 * runc works; on cgroup v2 (Raspberry Pi OS) crun works and is preferred for its speed.
 */
public final class RuntimeProbe {
  private static final long PROBE_TIMEOUT_SECONDS = 20;
  /** Host directories bound read-only into the probe so it can run the host's /bin/true. */
  private static final List<String> HOST_DIRS = List.of("/bin", "/sbin", "/lib", "/lib64",
      "/usr", "/lib32");

  private RuntimeProbe() {}

  /** What a probe of one runtime found. */
  public record Outcome(String name, Path binary, boolean works, String detail) {}

  /** The first working runtime of {@code candidates} (in preference order), with every outcome. */
  public static List<Outcome> probe(Map<String, Path> candidates, Path workDir) {
    List<Outcome> outcomes = new ArrayList<>();
    for (Map.Entry<String, Path> c : candidates.entrySet()) {
      Outcome o = probeOne(c.getKey(), c.getValue(), workDir);
      outcomes.add(o);
      if (o.works()) {
        break;
      }
    }
    return outcomes;
  }

  static Outcome probeOne(String name, Path binary, Path workDir) {
    String id = "edge-probe-" + UUID.randomUUID().toString().substring(0, 8);
    Path bundle = workDir.resolve(id);
    Path stateRoot = workDir.resolve("state-" + name);
    try {
      Files.createDirectories(bundle.resolve("rootfs"));
      linkMergedUsrDirs(bundle.resolve("rootfs"));
      Files.writeString(bundle.resolve("config.json"), probeConfig(id),
          StandardCharsets.UTF_8);
      List<String> command = List.of(binary.toString(), "--root", stateRoot.toString(), "run",
          "--bundle", bundle.toString(), id);
      Process p = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(PROBE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Outcome(name, binary, false, "no answer in " + PROBE_TIMEOUT_SECONDS + " s");
      }
      return p.exitValue() == 0
          ? new Outcome(name, binary, true, "ran a container")
          : new Outcome(name, binary, false, OciRuntime.cleanError(out));
    } catch (IOException e) {
      return new Outcome(name, binary, false, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome(name, binary, false, "interrupted");
    } finally {
      cleanup(binary, stateRoot, id, bundle);
    }
  }

  private static void cleanup(Path binary, Path stateRoot, String id, Path bundle) {
    try {
      new ProcessBuilder(binary.toString(), "--root", stateRoot.toString(), "delete", "--force",
          id).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start().waitFor(PROBE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      FileTrees.delete(bundle);
      FileTrees.delete(stateRoot);
    } catch (IOException | InterruptedException e) {
      // A probe leftover under the daemon's work dir is harmless; the next start retries.
    }
  }

  /** Debian's merged /usr makes /bin a link to usr/bin; the probe's root needs the same. */
  private static void linkMergedUsrDirs(Path rootfs) throws IOException {
    for (String dir : HOST_DIRS) {
      Path host = Path.of(dir);
      if (Files.isSymbolicLink(host)) {
        Files.createSymbolicLink(rootfs.resolve(dir.substring(1)), Files.readSymbolicLink(host));
      }
    }
  }

  /** A minimal spec with the namespaces and cgroup a real container gets. */
  private static String probeConfig(String id) throws IOException {
    List<Map<String, Object>> mounts = new ArrayList<>();
    mounts.add(Map.of("destination", "/proc", "type", "proc", "source", "proc"));
    for (String dir : HOST_DIRS) {
      Path host = Path.of(dir);
      if (Files.isDirectory(host) && !Files.isSymbolicLink(host)) {
        mounts.add(Map.of("destination", dir, "type", "bind", "source", dir,
            "options", List.of("rbind", "ro")));
      }
    }
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("ociVersion", "1.0.2");
    spec.put("process", Map.of("args", List.of("/bin/true"), "cwd", "/",
        "user", Map.of("uid", 0, "gid", 0),
        "env", List.of("PATH=/usr/sbin:/usr/bin:/sbin:/bin")));
    spec.put("root", Map.of("path", "rootfs", "readonly", true));
    spec.put("mounts", mounts);
    spec.put("linux", Map.of(
        "namespaces", List.of(Map.of("type", "pid"), Map.of("type", "mount"),
            Map.of("type", "ipc"), Map.of("type", "uts"), Map.of("type", "network")),
        "cgroupsPath", "/edge/" + id,
        "resources", Map.of("pids", Map.of("limit", 64))));
    return Json.mapper().writeValueAsString(spec);
  }
}
