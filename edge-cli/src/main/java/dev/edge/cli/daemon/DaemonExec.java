package dev.edge.cli.daemon;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import dev.edge.cli.Main;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Replaces the JVM that parsed {@code edge daemon}'s flags with one that only runs the daemon
 * ({@link DaemonMain}): same PID for systemd, same JVM flags, the daemon's own AppCDS archive.
 *
 * <p>Why: a JVM keeps every class it ever loaded, ~9 KB each on a gateway. picocli and the CLI's
 * command model are ~400 classes the daemon never uses again, and an archive that also holds the
 * CLI's classes is resident in full. Measured on an idle daemon: ~3 MB for picocli and ~2 MB for
 * the shared archive, of ~66 MB.
 *
 * <p>bin/edge asks for this by naming the daemon's archive in {@value #ARCHIVE_PROPERTY}; a
 * daemon started any other way (tests, CdsTraining) runs in the JVM that parsed its flags.
 */
final class DaemonExec {
  static final String ARCHIVE_PROPERTY = "edge.daemon.archive";
  private static final int F_SETFD = 2;
  private static final int FD_CLOEXEC = 1;

  private DaemonExec() {}

  static boolean requested() {
    return System.getProperty(ARCHIVE_PROPERTY) != null;
  }

  /** Execs the daemon's JVM; returns only when that failed, having said so on stderr. */
  static void into(List<String> daemonArgs) {
    List<String> argv;
    try {
      argv = command(currentCommand(), System.getProperty(ARCHIVE_PROPERTY), daemonArgs);
      closeOnExec();
    } catch (IOException | IllegalStateException e) {
      warn(e.getMessage());
      return;
    }
    System.out.flush();
    System.err.flush();
    try {
      LibC.C.execv("/proc/self/exe", argv.toArray(String[]::new));
    } catch (LastErrorException e) {
      warn("exec of the daemon's JVM failed (errno " + e.getErrorCode() + ")");
    }
  }

  /**
   * The command line of the daemon's JVM: this JVM's options (with the daemon's archive, when it
   * exists, in place of the CLI's), then {@link DaemonMain} and {@code daemonArgs}.
   */
  static List<String> command(List<String> current, String archive, List<String> daemonArgs) {
    int main = current.indexOf(Main.class.getName());
    if (main < 0) {
      throw new IllegalStateException("this JVM was not started by bin/edge (" + Main.class.getName()
          + " is not on its command line)");
    }
    boolean useArchive = archive != null && !archive.isEmpty() && Files.isReadable(Path.of(archive));
    List<String> argv = new ArrayList<>();
    for (String option : current.subList(0, main)) {
      argv.add(useArchive && option.startsWith("-XX:SharedArchiveFile=")
          ? "-XX:SharedArchiveFile=" + archive : option);
    }
    argv.add(DaemonMain.class.getName());
    argv.addAll(daemonArgs);
    return argv;
  }

  private static List<String> currentCommand() throws IOException {
    byte[] raw = Files.readAllBytes(Path.of("/proc/self/cmdline"));
    List<String> args = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < raw.length; i++) {
      if (raw[i] == 0) {
        args.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
        start = i + 1;
      }
    }
    return args;
  }

  /** The JVM opens jars without O_CLOEXEC; the daemon's JVM must not inherit them. */
  private static void closeOnExec() throws IOException {
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
      for (Path fd : fds) {
        int n = Integer.parseInt(fd.getFileName().toString());
        if (n > 2) {
          try {
            LibC.C.fcntl(n, F_SETFD, FD_CLOEXEC);
          } catch (LastErrorException e) {
            // the directory stream's own descriptor, closed by now
          }
        }
      }
    }
  }

  private static void warn(String why) {
    System.err.println("edge daemon: " + why + "; running in this JVM, with the CLI's classes loaded");
  }

  private interface LibC extends Library {
    LibC C = Native.load("c", LibC.class);

    int execv(String path, String[] argv) throws LastErrorException;

    int fcntl(int fd, int cmd, int arg) throws LastErrorException;
  }
}
