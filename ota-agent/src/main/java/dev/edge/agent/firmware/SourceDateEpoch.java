package dev.edge.agent.firmware;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The {@code SOURCE_DATE_EPOCH} of a build: the descriptor's {@code build.source_date_epoch}, else the time of
 * the last git commit that touched the project directory, else (with a warning, since another checkout would
 * differ) the newest source file's modification time.
 *
 * @param origin {@code descriptor}, {@code git} or {@code files}
 */
public record SourceDateEpoch(long seconds, String origin) {
  /** How long {@code git log} may take before the fallback is used. */
  static final long GIT_TIMEOUT_SECONDS = 10;

  public static SourceDateEpoch resolve(FirmwareDescriptor descriptor, Path projectDir, SourceTree.Digest sources,
      Consumer<String> warnings) {
    if (descriptor.build().sourceDateEpoch().isPresent()) {
      return new SourceDateEpoch(descriptor.build().sourceDateEpoch().getAsLong(), "descriptor");
    }
    String why;
    try {
      Long commit = lastCommit(projectDir);
      if (commit != null) {
        return new SourceDateEpoch(commit, "git");
      }
      why = "the project has no git history";
    } catch (IOException e) {
      why = "git could not be asked (" + e.getMessage() + ")";
    }
    long newest = sources.newestMillis() / 1000;
    warnings.accept("SOURCE_DATE_EPOCH: " + why + " and the descriptor sets no build.source_date_epoch;"
        + " using the newest source file's time (" + newest + "), which another checkout may not share");
    return new SourceDateEpoch(newest, "files");
  }

  /** The committer time of the last commit touching {@code dir}, or null outside a repository or history. */
  static Long lastCommit(Path dir) throws IOException {
    // safe.directory: the daemon runs as root on the user's checkout, which git would otherwise refuse.
    Process p = new ProcessBuilder(List.of("git", "-c", "safe.directory=*", "-C", dir.toString(), "log", "-1",
        "--format=%ct", "--", ".")).redirectErrorStream(false).redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    try {
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
      if (!p.waitFor(GIT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("git log took longer than " + GIT_TIMEOUT_SECONDS + " s");
      }
      if (p.exitValue() != 0 || out.isEmpty()) {
        return null;
      }
      return Long.parseLong(out);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IOException("interrupted while asking git");
    } catch (NumberFormatException e) {
      throw new IOException("git log printed no commit time");
    }
  }
}
