package dev.edge.runtime.build.dockerfile;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.ArrayList;
import java.util.List;

/** {@code ARG NAME[=DEFAULT] ...}; a default expands, a name does not. */
public record ArgInstruction(@JsonIgnore int line, List<Declaration> declarations)
    implements Instruction {
  public ArgInstruction {
    declarations = List.copyOf(declarations);
  }

  /** One declared name; {@code defaultValue} is null when none is given. */
  public record Declaration(String name, String defaultValue) {}

  @Override
  public String keyword() {
    return "ARG";
  }

  @Override
  public ArgInstruction expand(ShellWords shell, Variables vars) throws InstructionException {
    List<Declaration> out = new ArrayList<>(declarations.size());
    for (Declaration d : declarations) {
      out.add(new Declaration(d.name(),
          d.defaultValue() == null ? null : shell.word(d.defaultValue(), vars)));
    }
    return new ArgInstruction(line, out);
  }
}
