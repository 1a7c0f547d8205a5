package dev.edge.runtime.build.dockerfile;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** {@code STOPSIGNAL SIGNAL} (a name such as SIGTERM or a number). */
public record StopSignalInstruction(@JsonIgnore int line, String signal) implements Instruction {
  @Override
  public String keyword() {
    return "STOPSIGNAL";
  }

  @Override
  public StopSignalInstruction expand(ShellWords shell, Variables vars)
      throws InstructionException {
    String value = shell.word(signal, vars);
    if (value.isEmpty()) {
      throw new InstructionException("STOPSIGNAL " + signal + " expands to nothing");
    }
    return new StopSignalInstruction(line, value);
  }
}
