package dev.edge.runtime.build.run;

import java.nio.file.Path;
import java.util.List;

/**
 * What a RUN left behind: its exit code, the directory holding its file changes in overlayfs form
 * (the container's upper dir, whiteouts included) and its last output lines for error messages.
 */
public record RunOutcome(int exitCode, Path changes, List<String> lastOutputLines) {
  public RunOutcome {
    lastOutputLines = List.copyOf(lastOutputLines);
  }
}
