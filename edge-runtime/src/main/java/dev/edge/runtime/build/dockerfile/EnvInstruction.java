package dev.edge.runtime.build.dockerfile;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/** {@code ENV K=V ...} or the legacy {@code ENV K V}; keys and values expand. */
public record EnvInstruction(@JsonIgnore int line, List<KeyValue> pairs) implements Instruction {
  public EnvInstruction {
    pairs = List.copyOf(pairs);
  }

  @Override
  public String keyword() {
    return "ENV";
  }

  @Override
  public EnvInstruction expand(ShellWords shell, Variables vars) throws InstructionException {
    return new EnvInstruction(line, KeyValues.expand("ENV", pairs, shell, vars));
  }
}
