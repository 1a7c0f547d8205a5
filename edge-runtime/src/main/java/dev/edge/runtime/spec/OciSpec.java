package dev.edge.runtime.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.edge.runtime.fs.AtomicFiles;
import dev.edge.runtime.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The OCI runtime bundle's {@code config.json} (runtime-spec 1.0.2, as runc 1.1 and crun 1.8
 * read it). Only the fields edge writes are modelled; absent ones are left out of the JSON.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OciSpec(
    String ociVersion,
    Process process,
    Root root,
    String hostname,
    List<Mount> mounts,
    Linux linux) {
  public static final String VERSION = "1.0.2";
  public static final String FILE_NAME = "config.json";

  /** Writes {@code config.json} into the bundle directory, atomically. */
  public Path write(Path bundleDir) throws IOException {
    Path file = bundleDir.resolve(FILE_NAME);
    AtomicFiles.write(file, Json.mapper().writerWithDefaultPrettyPrinter()
        .writeValueAsBytes(this));
    return file;
  }

  /** Reads a bundle's {@code config.json} back, e.g. to start an exec from its process. */
  public static OciSpec read(Path configJson) throws IOException {
    return Json.mapper().readValue(Files.readAllBytes(configJson), OciSpec.class);
  }

  /** The process to run: the container's init, or one {@code runc exec --process} runs. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Process(
      Boolean terminal,
      User user,
      List<String> args,
      List<String> env,
      String cwd,
      Capabilities capabilities,
      List<Rlimit> rlimits,
      Boolean noNewPrivileges,
      String apparmorProfile,
      Integer oomScoreAdj) {}

  /** Who the process runs as. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record User(long uid, long gid, List<Long> additionalGids) {}

  /** The capability sets; inheritable and ambient stay empty, as Docker leaves them. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Capabilities(
      List<String> bounding,
      List<String> effective,
      List<String> inheritable,
      List<String> permitted,
      List<String> ambient) {}

  /** One POSIX resource limit. */
  public record Rlimit(String type, long hard, long soft) {}

  /** The root file system, relative to the bundle or absolute. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Root(String path, Boolean readonly) {}

  /** One mount, in the order the runtime makes them. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Mount(String destination, String type, String source, List<String> options) {}

  /** The Linux-specific part: namespaces, devices, cgroup, hardening. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Linux(
      List<Namespace> namespaces,
      List<Device> devices,
      String cgroupsPath,
      Resources resources,
      String rootfsPropagation,
      Seccomp seccomp,
      List<String> maskedPaths,
      List<String> readonlyPaths,
      Map<String, String> sysctl) {
    /** Empty lists are left out of the JSON; read back, they are empty again, not null. */
    public Linux {
      devices = devices == null ? List.of() : devices;
      maskedPaths = maskedPaths == null ? List.of() : maskedPaths;
      readonlyPaths = readonlyPaths == null ? List.of() : readonlyPaths;
      sysctl = sysctl == null ? Map.of() : sysctl;
    }
  }

  /** A namespace to create, or to join when {@code path} is given. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Namespace(String type, String path) {}

  /** A device node the runtime creates in the container's /dev. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Device(String path, String type, long major, long minor, Integer fileMode,
      Long uid, Long gid) {}

  /** Limits applied through the container's cgroup. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Resources(List<DeviceRule> devices, Memory memory, Cpu cpu, Pids pids) {}

  /** One entry of the devices cgroup list; null major/minor/type are wildcards. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record DeviceRule(boolean allow, String type, Long major, Long minor, String access) {}

  /** Memory limit and memory+swap limit, in bytes; -1 swap is unlimited. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Memory(Long limit, Long swap) {}

  /** CPU shares and CFS quota over period, in microseconds. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Cpu(Long shares, Long quota, Long period) {}

  /** Maximum number of tasks; -1 is unlimited. */
  public record Pids(long limit) {}

  /** A seccomp filter. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Seccomp(String defaultAction, List<String> architectures,
      List<SyscallRule> syscalls) {}

  /** What happens to the named system calls, optionally only for matching arguments. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record SyscallRule(List<String> names, String action, Integer errnoRet,
      List<SyscallArg> args) {}

  /** A condition on one system-call argument. */
  public record SyscallArg(int index, long value, long valueTwo, String op) {}
}
