package dev.edge.runtime.build.dockerfile;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * {@code COPY [--from=STAGE|IMAGE] [--chown=U[:G]] [--chmod=MODE] [--link] SRC... DEST}. Heredoc
 * sources ({@code COPY <<EOF /file}) are in {@code heredocs}, not in {@code sources}.
 */
public record CopyInstruction(@JsonIgnore int line, List<String> sources, String destination,
    String from, String chown, String chmod, boolean link, List<Heredoc> heredocs)
    implements Instruction {
  public CopyInstruction {
    sources = List.copyOf(sources);
    heredocs = List.copyOf(heredocs);
  }

  @Override
  public String keyword() {
    return "COPY";
  }

  @Override
  public boolean changesFiles() {
    return true;
  }

  @Override
  public CopyInstruction expand(ShellWords shell, Variables vars) throws InstructionException {
    CopySpec spec = new CopySpec(sources, destination, chown, chmod, heredocs).expand(shell, vars);
    return new CopyInstruction(line, spec.sources(), spec.destination(),
        from == null ? null : shell.word(from, vars), spec.chown(), spec.chmod(), link,
        spec.heredocs());
  }
}
