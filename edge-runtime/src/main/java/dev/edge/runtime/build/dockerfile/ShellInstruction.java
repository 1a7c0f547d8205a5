package dev.edge.runtime.build.dockerfile;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/** {@code SHELL ["executable", "parameters"]}: JSON form only, never expanded. */
public record ShellInstruction(@JsonIgnore int line, List<String> shell) implements Instruction {
  public ShellInstruction {
    shell = List.copyOf(shell);
  }

  @Override
  public String keyword() {
    return "SHELL";
  }
}
