package dev.edge.runtime.build.dockerfile;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** {@code WORKDIR PATH}; relative paths build on the previous WORKDIR. */
public record WorkdirInstruction(@JsonIgnore int line, String path) implements Instruction {
  @Override
  public String keyword() {
    return "WORKDIR";
  }

  @Override
  public WorkdirInstruction expand(ShellWords shell, Variables vars) throws InstructionException {
    String value = shell.word(path, vars);
    if (value.isEmpty()) {
      throw new InstructionException("WORKDIR " + path + " expands to nothing");
    }
    return new WorkdirInstruction(line, value);
  }
}
