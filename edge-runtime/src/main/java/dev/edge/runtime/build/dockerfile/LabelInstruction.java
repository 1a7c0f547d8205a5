package dev.edge.runtime.build.dockerfile;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/** {@code LABEL K=V ...} or the legacy {@code LABEL K V}; keys and values expand. */
public record LabelInstruction(@JsonIgnore int line, List<KeyValue> pairs)
    implements Instruction {
  public LabelInstruction {
    pairs = List.copyOf(pairs);
  }

  @Override
  public String keyword() {
    return "LABEL";
  }

  @Override
  public LabelInstruction expand(ShellWords shell, Variables vars) throws InstructionException {
    return new LabelInstruction(line, KeyValues.expand("LABEL", pairs, shell, vars));
  }
}
