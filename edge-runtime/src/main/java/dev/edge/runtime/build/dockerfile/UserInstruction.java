package dev.edge.runtime.build.dockerfile;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** {@code USER NAME|UID[:GROUP|GID]}. */
public record UserInstruction(@JsonIgnore int line, String user) implements Instruction {
  @Override
  public String keyword() {
    return "USER";
  }

  @Override
  public UserInstruction expand(ShellWords shell, Variables vars) throws InstructionException {
    String value = shell.word(user, vars);
    if (value.isEmpty()) {
      throw new InstructionException("USER " + user + " expands to nothing");
    }
    return new UserInstruction(line, value);
  }
}
