package dev.edge.runtime.network;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a host program (a CNI plugin, iproute2) to completion with a deadline, feeding stdin and
 * collecting stdout and stderr. The daemon's own {@code CNI_*} variables are never inherited.
 */
final class HostProcess {
  /** More than any CNI result or error; output beyond it is read and dropped. */
  static final int MAX_OUTPUT_BYTES = 1 << 20;
  /** Plugins and iptables live in sbin, which a daemon started from a user shell may lack. */
  private static final List<String> SBIN_DIRS = List.of("/usr/local/sbin", "/usr/sbin", "/sbin");

  private HostProcess() {}

  /** What a finished program printed and how it exited. */
  record Output(int exitCode, byte[] stdout, byte[] stderr) {
    String stdoutText() {
      return new String(stdout, StandardCharsets.UTF_8).strip();
    }

    String stderrText() {
      return new String(stderr, StandardCharsets.UTF_8).strip();
    }
  }

  static Output run(List<String> command, Map<String, String> env, byte[] stdin, Duration timeout)
      throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> environment = builder.environment();
    environment.keySet().removeIf(name -> name.startsWith("CNI_"));
    environment.put("PATH", withSbin(environment.get("PATH")));
    environment.putAll(env);
    Process process = builder.start();
    AtomicBoolean timedOut = new AtomicBoolean();
    process.onExit().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete((p, failure) -> {
          if (failure != null) {
            timedOut.set(true);
            process.destroyForcibly();
          }
        });
    try {
      writeStdin(process, stdin);
      byte[] stdout;
      byte[] stderr;
      try {
        stdout = readCapped(process.getInputStream());
        stderr = readCapped(process.getErrorStream());
      } catch (IOException e) {
        // killing the program closes its pipes under the reader
        if (timedOut.get()) {
          throw timeout(command, timeout);
        }
        throw e;
      }
      int exit = process.waitFor();
      if (timedOut.get()) {
        throw timeout(command, timeout);
      }
      return new Output(exit, stdout, stderr);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IOException(command.get(0) + " was interrupted", e);
    } finally {
      if (process.isAlive()) {
        process.destroyForcibly();
      }
    }
  }

  private static IOException timeout(List<String> command, Duration timeout) {
    return new IOException(command.get(0) + " did not finish within " + timeout.toMillis()
        + " ms and was killed");
  }

  private static void writeStdin(Process process, byte[] stdin) {
    try (OutputStream in = process.getOutputStream()) {
      in.write(stdin);
    } catch (IOException e) {
      // The program exited without reading all of stdin; its output and exit status say why.
    }
  }

  private static byte[] readCapped(InputStream stream) throws IOException {
    try (InputStream in = stream) {
      ByteArrayOutputStream kept = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      for (int n; (n = in.read(buffer)) > 0; ) {
        int room = MAX_OUTPUT_BYTES - kept.size();
        kept.write(buffer, 0, Math.min(room, n));
      }
      return kept.toByteArray();
    }
  }

  private static String withSbin(String path) {
    StringBuilder full = new StringBuilder(path == null ? "/usr/bin:/bin" : path);
    List<String> present = List.of(full.toString().split(":"));
    for (String dir : SBIN_DIRS) {
      if (!present.contains(dir)) {
        full.append(':').append(dir);
      }
    }
    return full.toString();
  }
}
