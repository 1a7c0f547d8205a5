package dev.edge.runtime.build.dockerfile;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * {@code ADD [--chown=U[:G]] [--chmod=MODE] [--checksum=DIGEST] [--keep-git-dir] [--link] SRC...
 * DEST}: COPY plus URL sources and the extraction of local tar archives.
 */
public record AddInstruction(@JsonIgnore int line, List<String> sources, String destination,
    String chown, String chmod, String checksum, boolean keepGitDir, boolean link,
    List<Heredoc> heredocs) implements Instruction {
  public AddInstruction {
    sources = List.copyOf(sources);
    heredocs = List.copyOf(heredocs);
  }

  @Override
  public String keyword() {
    return "ADD";
  }

  @Override
  public boolean changesFiles() {
    return true;
  }

  /** True for a source ADD downloads rather than takes from the context. */
  public static boolean isUrl(String source) {
    return source.startsWith("http://") || source.startsWith("https://");
  }

  @Override
  public AddInstruction expand(ShellWords shell, Variables vars) throws InstructionException {
    CopySpec spec = new CopySpec(sources, destination, chown, chmod, heredocs).expand(shell, vars);
    return new AddInstruction(line, spec.sources(), spec.destination(), spec.chown(),
        spec.chmod(), checksum == null ? null : shell.word(checksum, vars), keepGitDir, link,
        spec.heredocs());
  }
}
