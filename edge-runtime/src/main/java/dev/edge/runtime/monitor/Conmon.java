package dev.edge.runtime.monitor;

import dev.edge.runtime.runtime.OciRuntime;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Starts conmon, the per-container monitor (Podman's, packaged by Debian): it runs the OCI
 * runtime's create or exec, holds the container's stdio, writes its log, serves its attach
 * socket and records its exit status, and it does all of that whether the daemon is running or
 * not. That is what lets containers outlive a daemon restart.
 *
 * <p>conmon takes its pipes as inherited descriptors named by environment variables; the JDK
 * hands a child only stdin/stdout/stderr, so a {@code sh} trampoline moves ours to 3, 4 and 5.
 * conmon runs with {@code --sync} (no second fork): the JDK drains and closes a child's pipes
 * as soon as the child it started exits, which would cut the sync pipe of a double-forked
 * conmon before it reports. A conmon left by a stopped daemon is adopted by init.
 */
public final class Conmon {
  /** How long conmon may take to report a create or an exec start; runc needs ~40 ms. */
  private static final long REPORT_TIMEOUT_SECONDS = 60;
  private static final String TRAMPOLINE =
      "exec \"$0\" \"$@\" 3>&1 4<&0 5>&2 1>/dev/null 2>>\"$EDGE_CONMON_LOG\"";

  private final Path binary;

  public Conmon(Path binary) {
    this.binary = binary;
  }

  public static Optional<Path> find() {
    for (String dir : List.of("/usr/bin", "/usr/libexec/podman", "/usr/local/bin", "/usr/sbin")) {
      Path p = Path.of(dir, "conmon");
      if (Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  public Path binary() {
    return binary;
  }

  /** What a container's conmon is told. */
  public record CreateSpec(String id, String shortId, String name, Path bundle, Path logFile,
      long logMaxBytes, boolean terminal, boolean stdin, Path exitDir, Path socketDir,
      Path conmonLog) {}

  /** The pids a create leaves: the container's init and the conmon watching it. */
  public record Created(int initPid, long conmonPid) {}

  /**
   * Creates the container through conmon. The container is left in the runtime's "created"
   * state; {@code runtime start} runs it. conmon's pid is the launched process's own (the
   * trampoline execs it): under {@code --sync} conmon never writes its {@code -P} file.
   */
  public Created create(OciRuntime runtime, CreateSpec spec) throws IOException {
    List<String> args = common(runtime, spec.id(), spec.shortId(), spec.bundle(),
        spec.exitDir(), spec.socketDir(), spec.terminal(), spec.stdin());
    args.addAll(List.of("-n", spec.name(), "-p", spec.bundle().resolve("pidfile").toString(),
        "-l", "k8s-file:" + spec.logFile()));
    if (spec.logMaxBytes() > 0) {
      args.addAll(List.of("--log-size-max", Long.toString(spec.logMaxBytes())));
    }
    Process p = launch(args, spec.conmonLog(), false);
    SyncPipe sync = new SyncPipe(p.getInputStream());
    SyncPipe.Report report = awaitReport(sync, p, spec.conmonLog(), "create " + spec.id());
    p.getInputStream().close();
    if (report.data() <= 0) {
      throw new ConmonException(runtimeMessage(report));
    }
    return new Created(report.data(), p.pid());
  }

  /** What an exec's conmon is told. */
  public record ExecSpec(String containerId, String execId, Path execDir, Path processSpec,
      boolean terminal, boolean stdin, Path socketDir, Path conmonLog) {}

  /**
   * Starts an exec session: conmon runs {@code runtime exec} once {@link ExecSession#begin}
   * has connected the attach socket, so no output is lost.
   */
  public ExecSession exec(OciRuntime runtime, ExecSpec spec) throws IOException {
    List<String> args = common(runtime, spec.containerId(), spec.execId(), spec.execDir(),
        spec.execDir(), spec.socketDir(), spec.terminal(), spec.stdin());
    args.addAll(List.of("--exec", "--exec-attach", "--exec-process-spec",
        spec.processSpec().toString(), "-p", spec.execDir().resolve("pid").toString(),
        "-l", "none"));
    Process p = launch(args, spec.conmonLog(), true);
    OutputStream start = p.getOutputStream();
    // conmon blocks on its first start message before forking at all.
    start.write('0');
    start.flush();
    return new ExecSession(p, start, spec.socketDir().resolve(spec.execId()).resolve("attach"),
        spec.conmonLog());
  }

  private List<String> common(OciRuntime runtime, String id, String uuid, Path bundle,
      Path exitDir, Path socketDir, boolean terminal, boolean stdin) {
    List<String> args = new ArrayList<>(List.of("--api-version", "1", "-c", id, "-u", uuid,
        "-r", runtime.binary().toString(), "-b", bundle.toString(),
        "--exit-dir", exitDir.toString(), "--socket-dir-path", socketDir.toString(),
        "--log-level", "warning", "--no-sync-log", "--sync"));
    for (String a : runtime.globalArgs()) {
      args.add("--runtime-arg");
      args.add(a);
    }
    if (terminal) {
      args.add("-t");
    }
    if (stdin) {
      args.add("-i");
    }
    return args;
  }

  private Process launch(List<String> args, Path conmonLog, boolean withStartPipe)
      throws IOException {
    List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", TRAMPOLINE,
        binary.toString()));
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command);
    Map<String, String> env = pb.environment();
    env.put("EDGE_CONMON_LOG", conmonLog.toString());
    env.put("_OCI_SYNCPIPE", "3");
    if (withStartPipe) {
      env.put("_OCI_STARTPIPE", "4");
      env.put("_OCI_ATTACHPIPE", "5");
    } else {
      pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    }
    return pb.start();
  }

  static SyncPipe.Report awaitReport(SyncPipe sync, Process p, Path conmonLog, String what)
      throws IOException {
    Optional<SyncPipe.Report> report = sync.next();
    if (report.isPresent()) {
      return report.get();
    }
    try {
      p.waitFor(REPORT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    throw new IOException("conmon " + what + " ended without a report" + logTail(conmonLog));
  }

  static String runtimeMessage(SyncPipe.Report report) {
    String message = report.message() == null ? "the OCI runtime failed" : report.message();
    return OciRuntime.cleanError(message);
  }

  static String logTail(Path conmonLog) {
    try {
      String text = Files.readString(conmonLog, StandardCharsets.UTF_8).strip();
      if (text.isEmpty()) {
        return "";
      }
      String[] lines = text.split("\n");
      return ": " + lines[lines.length - 1];
    } catch (IOException e) {
      return "";
    }
  }
}
