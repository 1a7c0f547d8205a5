package dev.edge.runtime.build.dockerfile;

import java.util.ArrayList;
import java.util.List;

/** The parts COPY and ADD share, and their expansion and checks. */
record CopySpec(List<String> sources, String destination, String chown, String chmod,
    List<Heredoc> heredocs) {
  private static final int MAX_CHMOD_DIGITS = 4;

  CopySpec expand(ShellWords shell, Variables vars) throws InstructionException {
    List<String> expanded = new ArrayList<>(sources.size());
    for (String source : sources) {
      expanded.add(shell.word(source, vars));
    }
    List<Heredoc> docs = new ArrayList<>(heredocs.size());
    for (Heredoc doc : heredocs) {
      docs.add(doc.expand()
          ? new Heredoc(doc.name(), shell.heredoc(doc.content(), vars), true, doc.chompTabs())
          : doc);
    }
    String mode = chmod == null ? null : shell.word(chmod, vars);
    if (mode != null) {
      checkChmod(mode);
    }
    String dest = shell.word(destination, vars);
    if (dest.isEmpty()) {
      throw new InstructionException("destination " + destination + " expands to nothing");
    }
    return new CopySpec(expanded, dest, chown == null ? null : shell.word(chown, vars), mode,
        docs);
  }

  static void checkChmod(String mode) throws InstructionException {
    if (mode.isEmpty() || mode.length() > MAX_CHMOD_DIGITS || !mode.matches("[0-7]+")) {
      throw new InstructionException("invalid chmod parameter: " + mode
          + " (an octal mode such as 0755 is expected)");
    }
  }
}
